import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from './free-port';

/** A PostgreSQL database for one test file: a throwaway local server, or a fresh database on `POSTGRES_URL`'s. */
export interface PostgresServer {
  /** `postgres://...` of a database of its own, empty at the start. */
  readonly url: string;
  /** Whether the server was started here (false: `POSTGRES_URL`'s server). */
  readonly local: boolean;
  /** Stops the local server and removes its folder, or drops the database on `POSTGRES_URL`'s server. */
  stop(): Promise<void>;
}

/** Options of {@link startPostgresServer}. */
export interface StartPostgresServerOptions {
  /** Folder of `initdb` and `postgres`; default POSTGRES_BIN_DIR, else Debian's /usr/lib/postgresql/N/bin, else PATH. */
  binDir?: string;
  /** How long to wait for the server to accept connections (default 30 s). */
  startTimeoutMs?: number;
}

/** The folder of the PostgreSQL binaries: POSTGRES_BIN_DIR, else the newest Debian one, else '' (PATH). */
export function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? join(root, versions[0], 'bin') : '';
}

/** postgres refuses to run as root: then the server runs as Debian's `postgres` system user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line)
    throw new Error(
      'running as root and there is no `postgres` user to run PostgreSQL as (apt-get install postgresql).',
    );
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

// Servers still running when the test process exits are killed and their folders removed.
const running = new Map<ChildProcess, string>();
let exitHookInstalled = false;
function cleanUpOnExit(child: ChildProcess, dir: string): void {
  running.set(child, dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [process, folder] of running) {
      process.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

async function connects(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // "fast" shutdown: open connections are closed, not waited for
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A database of its own on the server of `POSTGRES_URL`, dropped on stop: suites run side by side. */
async function databaseOn(serverUrl: string): Promise<PostgresServer> {
  const name = `plankit_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    local: false,
    async stop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A real PostgreSQL for a test file: with `POSTGRES_URL` set, a fresh database on that server; otherwise a
 * throwaway server (`initdb` in a temp folder, 127.0.0.1 on a free port, trust auth, fsync off: fast and
 * disposable), run as the `postgres` user when this process is root. Call `stop()` when done.
 */
export async function startPostgresServer(options: StartPostgresServerOptions = {}): Promise<PostgresServer> {
  if (process.env.POSTGRES_URL) return databaseOn(process.env.POSTGRES_URL);
  const binDir = options.binDir ?? postgresBinDir();
  const bin = (name: string) => (binDir ? join(binDir, name) : name);
  if (binDir && !existsSync(bin('postgres'))) {
    throw new Error(
      `postgres not found in ${binDir}. Install it (apt-get install postgresql) or set POSTGRES_BIN_DIR.`,
    );
  }
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'plankit-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  try {
    execFileSync(
      bin('initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      {
        ...asUser,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(
      `initdb failed (install PostgreSQL: apt-get install postgresql, or set POSTGRES_BIN_DIR): ${stderr}`,
    );
  }
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  // The free port can be taken between the probe and postgres's bind; then try another one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      bin('postgres'),
      [
        ...['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir],
        ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        ...['-c', 'max_connections=200', '-c', 'shared_buffers=32MB'],
      ],
      { ...asUser, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    cleanUpOnExit(child, dir);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline && child.exitCode === null && !(await connects(url))) await sleep(50);
    if (child.exitCode === null && (await connects(url))) {
      return {
        url,
        local: true,
        async stop() {
          await stopChild(child);
          running.delete(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stopChild(child);
    running.delete(child);
    if (attempt >= 3) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`postgres did not start on port ${port} within ${startTimeoutMs} ms: ${stderr}`);
    }
  }
}
