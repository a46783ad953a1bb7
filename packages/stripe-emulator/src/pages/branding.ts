import type { Engine } from '../engine.js';

/** The account's branding as the hosted pages show it. */
export interface Branding {
  /** The business name (the account's `business_profile.name`), or null when the seed set none. */
  name: string | null;
  /** The accent colour as six lowercase hex digits, without `#`. */
  accent: string;
}

/** Stripe's own purple, used when the account has no brand colour. */
export const DEFAULT_ACCENT = '533afd';

const HEX = /^#?([0-9a-f]{6})$/i;

/** Six hex digits from `#RRGGBB` or `RRGGBB`, or undefined. */
export function hexColour(value: string | null | undefined): string | undefined {
  const m = HEX.exec(value ?? '');
  return m?.[1]?.toLowerCase();
}

export function brandingOf(engine: Engine): Branding {
  const account = engine.state.account;
  return {
    name: account?.business_name ?? null,
    accent: hexColour(account?.primary_color) ?? DEFAULT_ACCENT,
  };
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** WCAG contrast ratio of two hex colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
