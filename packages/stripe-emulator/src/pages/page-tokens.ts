/**
 * The design tokens the hosted pages share with Plankit's React kit (`packages/react/src/styles.css`, described in
 * `docs/design-language.md`): same names, same values, so Checkout and the portal look like the kit around them.
 * The emulator stands alone and cannot import the kit, so the values are copied here; `test/design-tokens.test.ts`
 * fails when one drifts from the kit's file. Only the tokens the pages use are listed.
 */
export const KIT_TOKENS_LIGHT = {
  '--plankit-color-bg': '#ffffff',
  '--plankit-color-surface': '#f5f6f8',
  '--plankit-color-text': '#1a1d23',
  '--plankit-color-muted': '#575e6b',
  '--plankit-color-border': '#868e9c',
  '--plankit-color-primary': '#4338ca',
  '--plankit-color-primary-text': '#ffffff',
  '--plankit-color-accent-bg': '#e0e7ff',
  '--plankit-color-accent-text': '#312e81',
  '--plankit-color-danger': '#b42318',
  '--plankit-color-danger-bg': '#fef3f2',
  '--plankit-color-focus': '#4338ca',
  '--plankit-color-warning-bg': '#fffaeb',
  '--plankit-color-warning-text': '#7a2e0e',
  '--plankit-font': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  '--plankit-space-1': '0.25rem',
  '--plankit-space-2': '0.5rem',
  '--plankit-space-3': '1rem',
  '--plankit-space-4': '1.5rem',
  '--plankit-space-5': '2rem',
  '--plankit-space-6': '3rem',
  '--plankit-text-sm': '0.875rem',
  '--plankit-text-md': '1rem',
  '--plankit-text-lg': '1.125rem',
  '--plankit-text-xl': '1.25rem',
  '--plankit-text-2xl': '1.5rem',
  '--plankit-text-3xl': '2.25rem',
  '--plankit-radius-sm': '0.375rem',
  '--plankit-radius': '0.5rem',
  '--plankit-radius-lg': '0.75rem',
  '--plankit-radius-pill': '999px',
  '--plankit-shadow-raised': '0 2px 4px rgb(16 18 24 / 0.08), 0 12px 32px rgb(16 18 24 / 0.14)',
  '--plankit-opacity-disabled': '0.6',
  '--plankit-target-min': '2.75rem',
} as const;

/** The kit's dark theme (its `prefers-color-scheme: dark` block) for the same tokens. */
export const KIT_TOKENS_DARK = {
  '--plankit-color-bg': '#15171c',
  '--plankit-color-surface': '#1f232b',
  '--plankit-color-text': '#f1f3f6',
  '--plankit-color-muted': '#a8afbd',
  '--plankit-color-border': '#7a8294',
  '--plankit-color-primary': '#a5b4fc',
  '--plankit-color-primary-text': '#15171c',
  '--plankit-color-accent-bg': '#312e81',
  '--plankit-color-accent-text': '#e0e7ff',
  '--plankit-color-danger': '#fda29b',
  '--plankit-color-danger-bg': '#3b1714',
  '--plankit-color-focus': '#a5b4fc',
  '--plankit-color-warning-bg': '#3d2a08',
  '--plankit-color-warning-text': '#fedf89',
  '--plankit-shadow-raised': '0 2px 4px rgb(0 0 0 / 0.5), 0 12px 32px rgb(0 0 0 / 0.5)',
} as const;

/**
 * Colours the pages need and the kit has no token for (dividers, the success and status pills). Named `--page-*`
 * so they can never be mistaken for a kit token.
 */
export const PAGE_ONLY_LIGHT = {
  '--page-line': '#dfe3e8',
  '--page-success-bg': '#e3f6e8',
  '--page-success-text': '#0b5b25',
} as const;

export const PAGE_ONLY_DARK = {
  '--page-line': '#2f343e',
  '--page-success-bg': '#0f3a1e',
  '--page-success-text': '#a6f4c5',
} as const;

/** `--a:b;--c:d` for a `:root` rule. */
export function declarations(tokens: Record<string, string>): string {
  return Object.entries(tokens)
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
}
