// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8');

/** The custom properties declared in the first block that `selector` opens. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries(
    [...block.matchAll(/--plankit-color-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]),
  );
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background, minimum]: 4.5 for text, 3 for focus rings and control borders (WCAG 1.4.11).
const pairs: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'surface', 4.5],
  ['muted', 'bg', 4.5],
  ['muted', 'surface', 4.5],
  ['primary-text', 'primary', 4.5],
  ['accent-text', 'accent-bg', 4.5],
  ['danger', 'bg', 4.5],
  ['danger', 'surface', 4.5],
  ['danger', 'danger-bg', 4.5],
  ['text', 'danger-bg', 4.5],
  ['warning-text', 'warning-bg', 4.5],
  ['focus', 'bg', 3],
  ['focus', 'surface', 3],
  ['border', 'bg', 3],
  ['border', 'surface', 3],
  ['primary', 'bg', 3],
];

describe('default theme contrast (WCAG 2.2 AA)', () => {
  const light = variables('.plankit');
  const dark = variables('.plankit[data-theme="dark"]');

  it('declares the same colors in light, dark and the prefers-color-scheme block', () => {
    expect(Object.keys(dark).sort()).toEqual(Object.keys(light).sort());
    expect(variables('.plankit:not([data-theme="light"])')).toEqual(dark);
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('%s palette meets the minimum ratios', (_theme, palette) => {
    for (const [fg, bg, min] of pairs) {
      expect(palette[fg], fg).toBeDefined();
      expect(contrast(palette[fg]!, palette[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(min);
    }
  });

  it('computes known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
