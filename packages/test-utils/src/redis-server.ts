import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port';

/** A throwaway `redis-server` on 127.0.0.1, without persistence. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  /** Whether the process is running. */
  readonly running: boolean;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s); stopping a stopped server does nothing. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted), after {@link RedisServer.stop}. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing answers, like a Redis that hangs. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT); it then answers what it received meanwhile. */
  resume(): void;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** The binary; default REDIS_SERVER_PATH, else Debian's /usr/bin/redis-server. */
  path?: string;
  /** How long to wait for the server to answer PING (default 10 s). */
  startTimeoutMs?: number;
}

/** The `redis-server` binary: REDIS_SERVER_PATH if set, else Debian's package path. */
export function redisServerPath(): string {
  return process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
}

/** True when something on the port answers a RESP `PING` with `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

// Servers still running when the test process exits are killed, so a crashed test leaves no redis-server behind.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const process of running) process.kill('SIGKILL');
  });
}

function launch(path: string, port: number): ChildProcess {
  const child = spawn(
    path,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      tmpdir(),
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  killOnExit(child);
  return child;
}

async function waitReady(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `redis-server exited (${child.exitCode ?? child.signalCode}) on port ${port}: ${stderr}`,
      );
    }
    if (await answersPing(port)) return;
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer PING on port ${port} within ${timeoutMs} ms: ${stderr}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT'); // a paused server would not act on SIGTERM
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a real `redis-server` on a free port of 127.0.0.1 (`--save '' --appendonly no`: nothing written to
 * disk) and resolves once it answers PING. Call `stop()` when done.
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServer> {
  const path = options.path ?? redisServerPath();
  if (!existsSync(path)) {
    throw new Error(
      `redis-server not found at ${path}. Install it (apt-get install redis-server) or set REDIS_SERVER_PATH.`,
    );
  }
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let port = 0;
  // The free port can be taken between the probe and redis-server's bind; then try another one.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    const candidate = launch(path, port);
    try {
      await waitReady(candidate, port, startTimeoutMs);
      child = candidate;
    } catch (error) {
      await stopChild(candidate);
      if (attempt >= 3) throw error;
    }
  }
  let current: ChildProcess = child;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return current.exitCode === null && current.signalCode === null;
    },
    stop: () => stopChild(current),
    pause: () => void current.kill('SIGSTOP'),
    resume: () => void current.kill('SIGCONT'),
    async restart() {
      await stopChild(current);
      current = launch(path, port);
      await waitReady(current, port, startTimeoutMs);
    },
  };
}
