import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pagesCss } from '../src/pages/pages-css.js';

/** The kit's default theme, from the repository root: the pages must not drift from it. */
const KIT_CSS = resolve(import.meta.dirname, '../../../packages/react/src/styles.css');

type Tokens = Record<string, string>;

/** The `--plankit-*` declarations inside the first block that opens at `opener` (nested braces allowed). */
function tokensIn(css: string, opener: RegExp): Tokens {
  const start = css.search(opener);
  if (start < 0) throw new Error(`no block ${opener}`);
  let depth = 0;
  let end = css.indexOf('{', start);
  for (let i = end; i < css.length; i += 1) {
    if (css[i] === '{') depth += 1;
    if (css[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  const block = css.slice(start, end).replace(/\/\*[\s\S]*?\*\//g, '');
  const tokens: Tokens = {};
  for (const m of block.matchAll(/(--plankit-[a-z0-9-]+)\s*:\s*([^;{}]+)/g)) {
    tokens[m[1] as string] = (m[2] as string).trim().replace(/\s+/g, ' ');
  }
  return tokens;
}

function themes(css: string, light: RegExp, dark: RegExp): { light: Tokens; dark: Tokens } {
  const base = tokensIn(css, light);
  // What a dark-scheme visitor sees: the light values, overridden by the dark block.
  return { light: base, dark: { ...base, ...tokensIn(css, dark) } };
}

describe('the hosted pages use the kit design tokens', () => {
  const kit = themes(
    readFileSync(KIT_CSS, 'utf8'),
    /^\.plankit \{/m,
    /@media \(prefers-color-scheme: dark\)/,
  );
  const pages = themes(pagesCss(), /:root\{/, /@media \(prefers-color-scheme:dark\)/);
  const shared = Object.keys(pages.light).filter((name) => name in kit.light);

  it('with the kit value for every token both define, in light and in dark', () => {
    // Enough tokens are compared that a parser failing to find them would show.
    expect(shared.length).toBeGreaterThanOrEqual(15);
    for (const theme of ['light', 'dark'] as const) {
      const drift = shared
        .filter((name) => pages[theme][name] !== kit[theme][name])
        .map((name) => `${theme} ${name}: pages ${pages[theme][name]}, kit ${kit[theme][name]}`);
      expect(drift).toEqual([]);
    }
  });

  it('the check itself notices a drifted value', () => {
    const drifted = pagesCss().replace('--plankit-space-3:1rem', '--plankit-space-3:1.1rem');
    expect(tokensIn(drifted, /:root\{/)['--plankit-space-3']).not.toBe(kit.light['--plankit-space-3']);
  });

  it('with the brand colour still filling the primary action', () => {
    expect(pagesCss('0a7d55')).toContain('--accent:#0a7d55');
    expect(pagesCss('0a7d55')).toMatch(/button,\.button\{[^}]*background:var\(--accent\)/);
  });

  it('with links in the brand colour only where it keeps 4.5:1 on the theme background', () => {
    const links = (accent: string) =>
      [...pagesCss(accent).matchAll(/--link:(#[0-9a-f]{6})/g)].map((m) => m[1]);
    // A dark navy: fine on white, too dark on the dark background (the kit's dark primary instead).
    expect(links('0a2540')).toEqual(['#0a2540', kit.dark['--plankit-color-primary']]);
    // A light yellow: too light on white (the kit's ink instead), fine on the dark background.
    expect(links('ffd84d')).toEqual([kit.light['--plankit-color-text'], '#ffd84d']);
  });
});
