import type { Catalog } from '@plankit/core';

interface Texts {
  name?: string;
  description?: string;
  features?: string[];
  unitLabel?: string;
}

/**
 * What `definePlans({ translations })` gives the story catalog's plans and add-ons in each story locale: the
 * story server answers `GET /plans?locale=de` with them, the way Plankit's server does (see load-catalog.ts).
 */
const texts: Record<string, Record<string, Texts>> = {
  de: {
    starter: {
      description: 'Für Einzelne, die gerade anfangen.',
      features: ['1 Projekt', '1 GB Speicher', 'Community-Support'],
    },
    pro: {
      description: 'Für Profis, die mehr brauchen.',
      features: ['Unbegrenzte Projekte', '50 GB Speicher', 'E-Mail-Support'],
    },
    team: {
      description: 'Für Teams, pro Platz abgerechnet.',
      features: ['Alles aus Pro', 'Geteilte Arbeitsbereiche', 'SSO'],
      unitLabel: 'Platz',
    },
    analytics: { name: 'Erweiterte Analysen' },
    'priority-support': { name: 'Bevorzugter Support' },
  },
  it: {
    starter: {
      description: 'Per chi inizia da solo.',
      features: ['1 progetto', '1 GB di spazio', 'Supporto della community'],
    },
    pro: {
      description: 'Per i professionisti che vogliono di più.',
      features: ['Progetti illimitati', '50 GB di spazio', 'Supporto via email'],
    },
    team: {
      description: 'Per i team, fatturato per posto.',
      features: ['Tutto di Pro', 'Spazi di lavoro condivisi', 'SSO'],
      unitLabel: 'posto',
    },
    analytics: { name: 'Analisi avanzate' },
    'priority-support': { name: 'Supporto prioritario' },
  },
  id: {
    starter: {
      description: 'Untuk perorangan yang baru mulai.',
      features: ['1 proyek', 'Penyimpanan 1 GB', 'Dukungan komunitas'],
    },
    pro: {
      description: 'Untuk profesional yang butuh lebih.',
      features: ['Proyek tanpa batas', 'Penyimpanan 50 GB', 'Dukungan email'],
    },
    team: {
      description: 'Untuk tim, ditagih per kursi.',
      features: ['Semua fitur Pro', 'Ruang kerja bersama', 'SSO'],
      unitLabel: 'kursi',
    },
    analytics: { name: 'Analitik lanjutan' },
    'priority-support': { name: 'Dukungan prioritas' },
  },
};

/**
 * The catalog in `locale`, by Plankit's rules: translated texts where there are some, the default (English)
 * texts elsewhere, and no English unit label outside English (the kit's own word for "seat" is used).
 */
export function catalogIn(catalog: Catalog, locale: string | null): Catalog {
  const language = (locale ?? 'en').split('-')[0] ?? 'en';
  const byKey = texts[language];
  if (!byKey) return { ...catalog, locale: 'en' };
  const localize = <Entry extends { key: string; unitLabel: string | null }>(entry: Entry): Entry => {
    const { unitLabel, ...rest } = byKey[entry.key] ?? {};
    return { ...entry, ...rest, unitLabel: unitLabel ?? null };
  };
  return {
    ...catalog,
    locale: language,
    plans: catalog.plans.map(localize),
    addOns: catalog.addOns.map(localize),
  };
}
