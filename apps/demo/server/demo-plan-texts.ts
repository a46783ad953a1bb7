import type { PlanTexts, Translations } from '@plankit/core';

/** Acme Notes' plan texts in the demo's other locales (English comes from Stripe's products and the config). */
export const demoPlanTexts: Record<string, Translations<PlanTexts>> = {
  starter: {
    de: { description: 'Für Einzelne, die gerade anfangen.', features: ['1 Projekt', 'Community-Support'] },
    it: { description: 'Per chi inizia da solo.', features: ['1 progetto', 'Supporto della community'] },
    id: { description: 'Untuk perorangan yang baru mulai.', features: ['1 proyek', 'Dukungan komunitas'] },
  },
  pro: {
    de: {
      description: 'Für Profis, die mehr brauchen.',
      features: ['Unbegrenzte Projekte', 'E-Mail-Support'],
    },
    it: {
      description: 'Per i professionisti che vogliono di più.',
      features: ['Progetti illimitati', 'Supporto via email'],
    },
    id: {
      description: 'Untuk profesional yang butuh lebih.',
      features: ['Proyek tanpa batas', 'Dukungan email'],
    },
  },
  team: {
    de: {
      description: 'Für Teams, pro Platz abgerechnet.',
      features: ['Alles aus Pro', 'Geteilte Arbeitsbereiche'],
      unitLabel: 'Platz',
    },
    it: {
      description: 'Per i team, fatturato per posto.',
      features: ['Tutto di Pro', 'Spazi di lavoro condivisi'],
      unitLabel: 'posto',
    },
    id: {
      description: 'Untuk tim, ditagih per kursi.',
      features: ['Semua fitur Pro', 'Ruang kerja bersama'],
      unitLabel: 'kursi',
    },
  },
};

export const demoAddOnTexts: Record<string, Translations<{ name: string; description: string }>> = {
  analytics: {
    de: { name: 'Erweiterte Analysen', description: 'Dashboards und Exporte.' },
    it: { name: 'Analisi avanzate', description: 'Dashboard ed esportazioni.' },
    id: { name: 'Analitik lanjutan', description: 'Dasbor dan ekspor.' },
  },
};
