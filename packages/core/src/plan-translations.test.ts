import { beforeEach, describe, expect, it } from 'vitest';
import { problemsOf } from '../test/plan-problems';
import { matchCatalogLocale } from './plan-translations';
import { definePlans, type PlansInput } from './plans';

const translated: PlansInput = {
  plans: {
    team: {
      prices: { month: 'team_monthly' },
      features: ['Shared workspaces'],
      unitLabel: 'member',
      translations: {
        de: { name: 'Team (de)', features: ['Geteilte Arbeitsbereiche'], unitLabel: 'Platz' },
        'pt-BR': { description: 'Para equipes' },
      },
    },
  },
  addOns: {
    analytics: { prices: { month: 'a' }, unitLabel: 'report', translations: { it: { name: 'Analisi' } } },
  },
};

describe('definePlans translations', () => {
  it('keeps texts per lower-case locale, unit labels, and lists every locale but the default', () => {
    const catalog = definePlans(translated);
    const team = catalog.plans[0]!;
    expect(team.unitLabel).toBe('member');
    expect(team.translations).toEqual({
      de: { name: 'Team (de)', features: ['Geteilte Arbeitsbereiche'], unitLabel: 'Platz' },
      'pt-br': { description: 'Para equipes' },
    });
    expect(catalog.addOns[0]).toMatchObject({
      unitLabel: 'report',
      translations: { it: { name: 'Analisi' } },
    });
    expect(catalog.defaultLocale).toBe('en');
    expect(catalog.locales).toEqual(['de', 'it', 'pt-br']);
  });

  it('defaults to no unit label and no translations', () => {
    const catalog = definePlans({
      plans: { a: { prices: { month: 'a' } } },
      addOns: { b: { prices: { month: 'b' } } },
    });
    expect(catalog.plans[0]).toMatchObject({ unitLabel: null, translations: {} });
    expect(catalog.addOns[0]).toMatchObject({ unitLabel: null, translations: {} });
    expect(catalog.locales).toEqual([]);
  });

  it('takes another default locale and leaves it out of the translated locales', () => {
    const catalog = definePlans({
      defaultLocale: 'DE',
      plans: { a: { prices: { month: 'a' }, translations: { de: { name: 'A' }, en: { name: 'A (en)' } } } },
    });
    expect(catalog.defaultLocale).toBe('de');
    expect(catalog.locales).toEqual(['en']);
  });

  it('refuses malformed locales and empty or non-string texts, naming each', () => {
    const problems = problemsOf({
      defaultLocale: 'english!',
      plans: {
        a: {
          prices: { month: 'a' },
          translations: {
            de_DE: { name: 'A' },
            it: { name: '  ', description: 3 as unknown as string, unitLabel: '' },
            id: { features: ['ok', ''] },
            fr: { features: 'x' as unknown as string[] },
          },
        },
      },
      addOns: { b: { prices: { month: 'b' }, translations: { es: { name: '' } } } },
    });
    expect(problems).toEqual([
      'addOns.b.translations.es.name: a non-empty string',
      'plans.a.translations.de_DE: a locale such as "de" or "pt-BR"',
      'plans.a.translations.it.name: a non-empty string',
      'plans.a.translations.it.description: a non-empty string',
      'plans.a.translations.it.unitLabel: a non-empty string',
      'plans.a.translations.id.features: a list of non-empty strings',
      'plans.a.translations.fr.features: a list of non-empty strings',
      'defaultLocale: a locale such as "en" or "pt-BR"',
    ]);
  });

  it('refuses a one-character subtag and a subtag that is not letters and digits', () => {
    const withLocale = (locale: string): PlansInput => ({
      plans: { a: { prices: { month: 'a' }, translations: { [locale]: { name: 'A' } } } },
    });
    expect(problemsOf(withLocale('de-a'))).toEqual([
      'plans.a.translations.de-a: a locale such as "de" or "pt-BR"',
    ]);
    expect(problemsOf(withLocale('de-@@'))).toEqual([
      'plans.a.translations.de-@@: a locale such as "de" or "pt-BR"',
    ]);
    expect(problemsOf(withLocale('de-1901'))).toEqual([]);
  });

  it('refuses one locale written twice in different case instead of keeping the later texts', () => {
    expect(
      problemsOf({
        plans: { a: { prices: { month: 'a' }, translations: { de: { name: 'A' }, DE: { name: 'B' } } } },
        addOns: { b: { prices: { month: 'b' }, translations: { 'pt-BR': { name: 'B' }, 'pt-br': {} } } },
      }),
    ).toEqual([
      'addOns.b.translations.pt-br: the same locale is listed twice (case does not matter)',
      'plans.a.translations.DE: the same locale is listed twice (case does not matter)',
    ]);
  });

  it('names texts that are not an object as a catalog problem, not a TypeError', () => {
    const withTexts = (texts: unknown): PlansInput => ({
      plans: { a: { prices: { month: 'a' }, translations: { de: texts as { name: string } } } },
    });
    for (const texts of [null, 'Team', ['Team'], 3]) {
      expect(problemsOf(withTexts(texts))).toEqual([
        'plans.a.translations.de: an object of texts (name, description, features, unitLabel)',
      ]);
    }
    expect(definePlans(withTexts({})).plans[0]?.translations).toEqual({ de: {} });
  });

  it('accepts complete valid translations without a problem', () => {
    expect(problemsOf(translated)).toEqual([]);
    expect(
      problemsOf({
        plans: { a: { prices: { month: 'a' }, translations: { 'zh-Hant-TW': { features: [] } } } },
      }),
    ).toEqual([]);
  });
});

describe('matchCatalogLocale', () => {
  // Built inside each test: a throwing definePlans must fail tests, never the file's collection.
  let catalog: ReturnType<typeof definePlans>;
  beforeEach(() => {
    catalog = definePlans(translated);
  });

  it('answers the same tag, then its language, case-insensitively', () => {
    expect(matchCatalogLocale(catalog, 'de')).toBe('de');
    expect(matchCatalogLocale(catalog, 'DE-at')).toBe('de');
    expect(matchCatalogLocale(catalog, 'pt-BR')).toBe('pt-br');
    expect(matchCatalogLocale(catalog, 'it-IT')).toBe('it');
  });

  it('answers the default for anything it has no texts for', () => {
    expect(matchCatalogLocale(catalog, 'pt-PT')).toBe('en');
    expect(matchCatalogLocale(catalog, 'fr')).toBe('en');
    expect(matchCatalogLocale(catalog, 'en-GB')).toBe('en');
    expect(matchCatalogLocale(catalog, '')).toBe('en');
    expect(matchCatalogLocale(catalog, null)).toBe('en');
    expect(matchCatalogLocale(catalog, undefined)).toBe('en');
  });
});
