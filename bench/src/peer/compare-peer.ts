import type { Emulator } from '@plankit/stripe-emulator';
import Stripe from 'stripe';
import StripeV22 from 'stripe-v22';
import { installedVersion } from '../bundle-size';
import { startBenchEmulator } from '../stripe-calls/billing-fixture';
import { compareActions, type SideBySideAction } from './side-by-side-actions';
import { type RaceResult, racePeer, racePlankit } from './subscribe-race';
import { type KitShuffleResult, shufflePeer, shufflePlankit, shuffleSeeds } from './webhook-shuffle';

/** Plankit beside better-auth's Stripe plugin, measured in one run on one emulator. */
export interface PeerComparison {
  /** When this comparison ran (ISO 8601). */
  measuredAt: string;
  versions: Record<string, string>;
  actions: SideBySideAction[];
  races: RaceResult[];
  shuffle: { seeds: number[]; plankit: KitShuffleResult; peer: KitShuffleResult };
}

/** The versions the comparison ran: the peer's packages, the SDK each kit got and the API versions in play. */
async function versions(emulator: Emulator): Promise<Record<string, string>> {
  const answer = await fetch(`${emulator.url}/v1/prices`, {
    headers: { authorization: `Bearer ${emulator.secretKey}` },
  });
  await answer.text();
  return {
    'better-auth': installedVersion('better-auth'),
    '@better-auth/stripe': installedVersion('@better-auth/stripe'),
    'stripe (the plugin, as stripe-v22)': installedVersion('stripe-v22'),
    'stripe (Plankit)': installedVersion('stripe'),
    'API version the plugin SDK asks for': StripeV22.API_VERSION,
    "API version Plankit's SDK asks for": Stripe.API_VERSION,
    'API version the emulator answers in': answer.headers.get('stripe-version') ?? '(none)',
  };
}

export async function comparePeer(): Promise<PeerComparison> {
  const emulator = await startBenchEmulator();
  try {
    const measuredAt = new Date().toISOString();
    const used = await versions(emulator);
    const actions = await compareActions(emulator);
    const races: RaceResult[] = [];
    for (const customer of ['new', 'existing'] as const) {
      for (const instances of [1, 2] as const) {
        races.push(await racePlankit(emulator, instances, customer));
        races.push(await racePeer(emulator, instances, customer));
      }
    }
    const shuffle = {
      seeds: shuffleSeeds,
      plankit: await shufflePlankit(emulator),
      peer: await shufflePeer(emulator),
    };
    return { measuredAt, versions: used, actions, races, shuffle };
  } finally {
    await emulator.close();
  }
}
