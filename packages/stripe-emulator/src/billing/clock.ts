import type { Engine } from '../engine.js';

/** Moves emulator time forward, running whatever billing falls due on the way (see renewals.ts). */
export function advanceClock(
  engine: Engine,
  seconds: number,
  runDue: (engine: Engine, until: number) => void,
): void {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('advanceClock: seconds must be >= 0');
  const target = engine.now() + Math.floor(seconds);
  runDue(engine, target);
  engine.state.clockOffset = target - Math.floor(Date.now() / 1000);
}
