import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { round } from '../bundle-size';

export interface LoadRun {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** autocannon records whole milliseconds per request, so p50 on loopback is often 0; the mean is finer. */
  meanMs: number;
  non2xx: number;
  errors: number;
}

export interface VariantSummary {
  /** Total requests over total time across rounds. */
  requestsPerSecond: number;
  /** Medians over the rounds of each round's percentile. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  rounds: LoadRun[];
}

export interface ServerOverheadReport {
  bytes: number;
  path: string;
  connections: number;
  secondsPerRound: number;
  rounds: number;
  bare: VariantSummary;
  plankit: VariantSummary;
  /** Plankit's requests/s over bare node:http's (goal >= 0.8). */
  ratio: number;
}

const benchDir = fileURLToPath(new URL('../..', import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function load(url: string, connections: number, seconds: number): Promise<LoadRun> {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.mean,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function summarize(runs: LoadRun[], seconds: number): VariantSummary {
  const total = runs.reduce((sum, run) => sum + run.requestsPerSecond * seconds, 0);
  return {
    requestsPerSecond: Math.round(total / (runs.length * seconds)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    meanMs: round(median(runs.map((run) => run.meanMs)), 3),
    rounds: runs.map((run) => ({ ...run, requestsPerSecond: Math.round(run.requestsPerSecond) })),
  };
}

/**
 * autocannon on loopback against both servers of the child process, alternating bare and Plankit every round
 * (order swapped each round) so drift in machine load hits both alike. A short warm-up of each is discarded.
 */
export async function measureServerOverhead(
  options: { rounds?: number; secondsPerRound?: number; connections?: number } = {},
): Promise<ServerOverheadReport> {
  const rounds = options.rounds ?? 6;
  const seconds = options.secondsPerRound ?? 3;
  const connections = options.connections ?? 10;
  const child = spawn(
    process.execPath,
    [
      '--conditions=@plankit/source',
      '--import',
      'tsx',
      fileURLToPath(new URL('plans-servers.ts', import.meta.url)),
    ],
    { cwd: benchDir, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const info = JSON.parse(line.toString('utf8').split('\n')[0]!) as {
      plankit: number;
      bare: number;
      path: string;
      bytes: number;
    };
    const urls = {
      bare: `http://127.0.0.1:${info.bare}${info.path}`,
      plankit: `http://127.0.0.1:${info.plankit}${info.path}`,
    };
    await load(urls.bare, connections, 1);
    await load(urls.plankit, connections, 1);
    const runs: { bare: LoadRun[]; plankit: LoadRun[] } = { bare: [], plankit: [] };
    for (let round = 0; round < rounds; round++) {
      const order: Array<'bare' | 'plankit'> = round % 2 ? ['plankit', 'bare'] : ['bare', 'plankit'];
      for (const variant of order) runs[variant].push(await load(urls[variant], connections, seconds));
    }
    const bare = summarize(runs.bare, seconds);
    const plankit = summarize(runs.plankit, seconds);
    return {
      bytes: info.bytes,
      path: info.path,
      connections,
      secondsPerRound: seconds,
      rounds,
      bare,
      plankit,
      ratio: round(plankit.requestsPerSecond / bare.requestsPerSecond, 3),
    };
  } finally {
    child.stdin.end();
    if (child.exitCode === null) await once(child, 'exit');
  }
}
