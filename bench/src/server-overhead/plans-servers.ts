/**
 * Child process of the server-overhead bench: an emulator-backed Plankit behind the node adapter, and a bare
 * node:http server answering the same `/plans` bytes and headers. Prints `{"plankit":PORT,"bare":PORT,...}` on one
 * line, then serves until stdin closes. Kept out of the autocannon process so the load generator does not share a
 * JavaScript thread with the servers.
 */
import { createServer, type Server } from 'node:http';
import { toNodeHandler } from '@plankit/server/node';
import { createBilling, startBenchEmulator } from '../stripe-calls/billing-fixture';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no port'));
      else resolve(address.port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const emulator = await startBenchEmulator();
const billing = createBilling(emulator);
const plankit = createServer(toNodeHandler(billing));
const plankitPort = await listen(plankit);
const path = `${billing.basePath}/plans`;

// Warm the catalog, then copy exactly what Plankit answers.
const reply = await fetch(`http://127.0.0.1:${plankitPort}${path}`);
const body = Buffer.from(await reply.arrayBuffer());
const headers: Record<string, string> = {};
for (const name of ['content-type', 'etag', 'cache-control']) {
  const value = reply.headers.get(name);
  if (value !== null) headers[name] = value;
}
headers['content-length'] = String(body.length);
const bare = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
const barePort = await listen(bare);

process.stdout.write(
  `${JSON.stringify({ plankit: plankitPort, bare: barePort, path, bytes: body.length })}\n`,
);

process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.all([close(plankit), close(bare)]);
  await emulator.close();
  process.exit(0);
});
