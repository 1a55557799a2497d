import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { type LoopbackServer, listenOnLoopback } from './loopback';

/** A site's page running the @qr-login/react test app (test/browser/react-app), on an origin of its own. */
export type ReactTestSite = LoopbackServer;

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>React sign-in</title></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body>
</html>`;

/**
 * Bundles the test app with esbuild, as a site's build would (development React: StrictMode runs every effect
 * twice on mount there, as a developer sees it), and serves it on 127.0.0.1 at a free port.
 */
export async function startReactTestSite(): Promise<ReactTestSite> {
  const result = await build({
    entryPoints: [path.join(__dirname, '..', 'browser', 'react-app', 'app.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'warning',
  });
  const script = result.outputFiles[0]!.contents;
  const server = http.createServer((request, response) => {
    if (request.url === '/app.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (request.url?.startsWith('/?') || request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      response.writeHead(404).end();
    }
  });
  return listenOnLoopback(server);
}
