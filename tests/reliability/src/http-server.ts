import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plankit } from '@plankit/server';
import { toNodeHandler } from '@plankit/server/node';

/** Serves a Plankit handler through the node adapter on a loopback port. */
export async function serveBilling(
  billing: Plankit,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const handle = toNodeHandler(billing);
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
