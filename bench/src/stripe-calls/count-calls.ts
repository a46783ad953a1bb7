import type { Emulator } from '@plankit/stripe-emulator';
import { createBilling, startBenchEmulator, stripeFor } from './billing-fixture';
import { type Scenario, type ScenarioContext, scenarios } from './scenarios';

/** Verbs in a path that are not ids. */
const pathVerbs = new Set(['search', 'create_preview', 'expire', 'cancel', 'resume']);

/** `POST /v1/subscriptions/sub_123` -> `POST /v1/subscriptions/:id`, so runs compare. */
export function normalizeCall(method: string, path: string): string {
  const segments = path
    .split('/')
    .map((segment, index) =>
      index >= 3 && !pathVerbs.has(segment) && /[_\d]/.test(segment) ? ':id' : segment,
    );
  return `${method} ${segments.join('/')}`;
}

export interface ActionCalls {
  id: string;
  label: string;
  calls: string[];
  count: number;
  minimum: number;
  minimumWhy: string;
  budget: number;
  aboveMinimum: string;
  /** The reply's `type` or `status NNN`, checked against the scenario's expectation. */
  outcome: string;
}

/** One scenario from a reset emulator and a fresh Plankit instance; throws when the reply is not the expected one. */
export async function runScenario(emulator: Emulator, scenario: Scenario): Promise<ActionCalls> {
  emulator.reset();
  const context: ScenarioContext = {
    emulator,
    stripe: stripeFor(emulator),
    billing: createBilling(emulator),
  };
  const prepared = await scenario.prepare(context);
  emulator.clearRequestLog();
  const reply = await scenario.run(context, prepared);
  const calls = emulator.requestLog().map((entry) => normalizeCall(entry.method, entry.path));
  const type = typeof reply.json.type === 'string' ? reply.json.type : undefined;
  const outcome = scenario.expect.startsWith('status')
    ? `status ${reply.status}`
    : (type ?? `status ${reply.status}`);
  if (outcome !== scenario.expect) {
    throw new Error(
      `${scenario.id}: expected ${scenario.expect}, got ${outcome} ${JSON.stringify(reply.json).slice(0, 300)}`,
    );
  }
  return {
    id: scenario.id,
    label: scenario.label,
    calls,
    count: calls.length,
    minimum: scenario.minimum,
    minimumWhy: scenario.minimumWhy,
    budget: scenario.budget,
    aboveMinimum: scenario.aboveMinimum,
    outcome,
  };
}

/** Every scenario against one emulator (reset between scenarios), in order. */
export async function countStripeCalls(): Promise<ActionCalls[]> {
  const emulator = await startBenchEmulator();
  try {
    const results: ActionCalls[] = [];
    for (const scenario of scenarios) results.push(await runScenario(emulator, scenario));
    return results;
  } finally {
    await emulator.close();
  }
}
