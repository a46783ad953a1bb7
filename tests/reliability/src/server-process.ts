import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// tsx as a loader in the same process (no wrapper process), so node flags such as --expose-gc reach the server.
const tsxLoader = pathToFileURL(require.resolve('tsx/esm')).href;
const script = fileURLToPath(new URL('./plankit-server.ts', import.meta.url));

/** A Plankit app server running in its own process. */
export interface ServerProcess {
  url: string;
  pid: number;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Starts `plankit-server.ts` under tsx (sources through the `@plankit/source` condition) and waits for its port. */
export function startServerProcess(
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<ServerProcess> {
  const args = [...nodeFlags, '--conditions=@plankit/source', '--import', tsxLoader, script];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server process did not start in 30 s:\n${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ExitError(code, stderr));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"port"'));
      if (!line) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid ?? 0,
        stderr: () => stderr,
        stop: () => stopChild(child),
      });
    });
  });
}

/** The process exited before listening; carries its exit code and what it printed. */
export class ExitError extends Error {
  constructor(
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`server process exited with ${code}:\n${stderr}`);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
