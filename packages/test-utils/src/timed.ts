/**
 * Runs `work` and records how long it took, in seconds with one decimal, under `name` in `timings`
 * (slow end-to-end setups print these, so their cost in CI is measured, not guessed).
 */
export async function timed<T>(
  timings: Record<string, number>,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round((performance.now() - started) / 100) / 10;
  }
}
