import type { Engine } from '../engine.js';

/** Runs billing that falls due up to `until` (renewals, trial ends, dunning); filled in below. */
export function runDueBilling(engine: Engine, until: number): void {
  void engine;
  void until;
}
