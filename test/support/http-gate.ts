import { createServer, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listenOnLoopback } from './loopback';

/**
 * An HTTP proxy in front of the service that blocks what a corporate proxy might: WebSocket upgrades, or
 * Socket.IO's long-polling requests (`/socket.io/?transport=polling`). Everything else passes unchanged.
 */
export interface HttpGate {
  url: string;
  close(): Promise<void>;
}

export async function startHttpGate(
  target: string,
  block: { webSocket?: boolean; socketIoPolling?: boolean },
): Promise<HttpGate> {
  const upstream = new URL(target);
  const tunnels = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    if (block.socketIoPolling && /^\/socket\.io\/.*transport=polling/.test(incoming.url ?? '')) {
      outgoing.writeHead(403).end('blocked by the test gate');
      return;
    }
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  server.on('upgrade', (incoming, socket, head) => {
    if (block.webSocket) return void socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    const tunnel = connect(Number(upstream.port), upstream.hostname, () => {
      const headers = Object.entries(incoming.headers).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((item) => `${name}: ${item}`),
      );
      tunnel.write(`${incoming.method} ${incoming.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      tunnel.write(head);
      tunnel.pipe(socket).pipe(tunnel);
    });
    tunnels.add(tunnel).add(socket as Socket);
    tunnel.on('error', () => socket.destroy());
    socket.on('error', () => tunnel.destroy());
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    close: () => {
      for (const socket of tunnels) socket.destroy();
      return listening.close();
    },
  };
}
