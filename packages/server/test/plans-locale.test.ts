import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogSchema, definePlans } from '@plankit/core';
import { planConfig } from '@plankit/test-utils';
import { afterEach, describe, expect, test } from 'vitest';
import { toNodeHandler } from '../src/adapters/node';
import { localeParam } from '../src/routes/plans';
import { call, makeBilling, stripeCalls, useEmulator } from './harness';

const env = useEmulator();

// The seeded Team product has the unit label "seat" in Stripe; the app translates into German and Italian.
const translatedPlans = definePlans({
  ...planConfig,
  plans: {
    ...planConfig.plans,
    team: {
      ...planConfig.plans.team!,
      translations: {
        de: {
          name: 'Team',
          description: 'Für Teams, pro Platz abgerechnet.',
          features: ['Alles aus Pro', 'Geteilte Arbeitsbereiche'],
          unitLabel: 'Platz',
        },
        it: { description: 'Per i team, fatturato per posto.' },
      },
    },
  },
  addOns: {
    analytics: {
      ...planConfig.addOns!.analytics!,
      translations: { de: { name: 'Erweiterte Analysen', description: 'Dashboards und Exporte.' } },
    },
  },
});

const teamOf = (json: unknown) => catalogSchema.parse(json).plans.find((plan) => plan.key === 'team');

let closeServer: (() => void) | undefined;
afterEach(() => closeServer?.());

describe('GET /plans?locale=', () => {
  test("initialData takes the page's locale: the first HTML has the plans' texts in its language", async () => {
    const billing = makeBilling(env.emulator, { plans: translatedPlans });
    const german = await billing.initialData(new Headers(), { locale: 'de-DE' });
    expect(german.plans?.locale).toBe('de');
    expect(german.plans?.plans.find((plan) => plan.key === 'team')?.unitLabel).toBe('Platz');
    const plain = await billing.initialData(new Headers());
    expect(plain.plans?.locale).not.toBe('de');
  });

  test("sends the locale's texts, the default texts where a translation leaves one out", async () => {
    const billing = makeBilling(env.emulator, { plans: translatedPlans });
    const de = await call(billing, '/plans?locale=de-AT');
    expect(de.json.locale).toBe('de');
    expect(teamOf(de.json)).toMatchObject({
      description: 'Für Teams, pro Platz abgerechnet.',
      features: ['Alles aus Pro', 'Geteilte Arbeitsbereiche'],
      unitLabel: 'Platz',
    });
    expect(de.json.addOns[0]).toMatchObject({
      name: 'Erweiterte Analysen',
      description: 'Dashboards und Exporte.',
    });
    const it = await call(billing, '/plans?locale=it');
    expect(it.json.locale).toBe('it');
    // Italian translates the description only: the features are the default's, whole.
    expect(teamOf(it.json)).toMatchObject({
      name: 'Team',
      description: 'Per i team, fatturato per posto.',
      features: ['Everything in Pro', 'Shared workspaces'],
    });
    expect(it.json.addOns[0].name).toBe('Advanced analytics');
  });

  test("a translation's unit label wins; without one, a non-default locale gets none (the kit's own word)", async () => {
    const billing = makeBilling(env.emulator, { plans: translatedPlans });
    expect(teamOf((await call(billing, '/plans?locale=de')).json)?.unitLabel).toBe('Platz');
    // Stripe's "seat" is English: shown in English only, never in Italian.
    expect(teamOf((await call(billing, '/plans?locale=it')).json)?.unitLabel).toBeNull();
    expect(teamOf((await call(billing, '/plans?locale=en')).json)?.unitLabel).toBe('seat');
    expect(teamOf((await call(billing, '/plans')).json)?.unitLabel).toBe('seat');
  });

  test('the config unit label overrides the Stripe product in the default locale', async () => {
    const plans = definePlans({
      ...planConfig,
      plans: { ...planConfig.plans, team: { ...planConfig.plans.team!, unitLabel: 'member' } },
    });
    const billing = makeBilling(env.emulator, { plans });
    expect(teamOf((await call(billing, '/plans')).json)?.unitLabel).toBe('member');
  });

  test('an unknown or malformed locale gets the default texts; every locale has its own ETag; one Stripe load', async () => {
    const billing = makeBilling(env.emulator, { plans: translatedPlans });
    const [plain, fr, broken, de] = await Promise.all([
      call(billing, '/plans'),
      call(billing, '/plans?locale=fr'),
      call(billing, '/plans?locale=%E0%A4%A'),
      call(billing, '/plans?locale=de'),
    ]);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/prices']);
    for (const reply of [plain, fr, broken]) {
      expect(reply.status).toBe(200);
      expect(reply.json.locale).toBe('en');
      expect(teamOf(reply.json)?.description).toBe('For teams, billed per seat.');
    }
    expect(fr.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect(de.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    const notModified = await call(billing, '/plans?locale=de', undefined, {
      headers: { 'if-none-match': de.headers.get('etag')! },
    });
    expect(notModified.status).toBe(304);
    // The English ETag does not validate the German body.
    const changed = await call(billing, '/plans?locale=de', undefined, {
      headers: { 'if-none-match': plain.headers.get('etag')! },
    });
    expect(changed.status).toBe(200);
  });

  test('the node adapter answers the locale on its bodiless fast path', async () => {
    const billing = makeBilling(env.emulator, { plans: translatedPlans });
    const server = createServer(toNodeHandler(billing));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closeServer = () => server.close();
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${billing.basePath}/plans?x=1&locale=de`);
    expect(((await response.json()) as { locale: string }).locale).toBe('de');
  });

  test('reads the locale parameter without a URL object', () => {
    expect(localeParam('?locale=de')).toBe('de');
    expect(localeParam('?a=1&locale=pt-BR&b=2')).toBe('pt-BR');
    expect(localeParam('?xlocale=de')).toBeNull();
    expect(localeParam('?locale=')).toBeNull();
    expect(localeParam('?locale=%ZZ')).toBeNull();
    expect(localeParam(null)).toBeNull();
  });
});
