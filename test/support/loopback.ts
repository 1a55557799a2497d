import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A test's HTTP server, listening on 127.0.0.1 at a free port. */
export interface LoopbackServer {
  url: string;
  /** Ends every connection (kept-alive ones too) and stops listening. */
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
