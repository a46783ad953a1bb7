// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anatomyOf, partsIn, sourcesFrom } from '../src/stories-support/anatomy';

// The docs pages' anatomy (Storybook, stories-support/anatomy-docs.tsx) read from the real sources, the way
// import.meta.glob hands them over: keys relative to stories-support/.
const src = new URL('../src/', import.meta.url);
const files: Record<string, string> = Object.fromEntries(
  readdirSync(new URL('components/', src), { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.tsx?$/.test(path) && !/\.(stories|test)\.tsx?$/.test(path))
    .map((path) => [`../components/${path}`, readFileSync(new URL(`components/${path}`, src), 'utf8')]),
);
const css = readFileSync(new URL('styles.css', src), 'utf8');
const anatomy = (entry: string) => anatomyOf(sourcesFrom(files, `../components/${entry}.tsx`), css);
const names = (entry: string) => anatomy(entry).parts.map((part) => part.name);

describe('docs page anatomy', () => {
  it("reads the pricing table's parts from it and every file it imports (cards, stepper, shared parts)", () => {
    const parts = names('pricing-table/pricing-table');
    expect(parts).toEqual(
      expect.arrayContaining(['pricing-table', 'plans', 'badges', 'seats-input', 'error']),
    );
    expect(parts).toEqual([...parts].sort());
    // Only what it imports: the cancel flow's parts are not the pricing table's.
    expect(parts).not.toContain('reason-step');
  });

  it('gives each part the states of its literals, of the const it names, and those the theme styles', () => {
    const parts = new Map(
      anatomy('pricing-table/pricing-table').parts.map((part) => [part.name, part.states]),
    );
    expect(parts.get('interval')).toEqual(['off', 'on']);
    expect(parts.get('pricing-table')).toEqual(expect.arrayContaining(['ready', 'loading', 'error']));
    expect(parts.get('plan')).toEqual(expect.arrayContaining(['current', 'highlighted']));
    const dialog = new Map(
      anatomy('plan-switch-confirm/plan-switch-confirm').parts.map((part) => [part.name, part.states]),
    );
    expect(dialog.get('plan-switch-confirm')).toEqual(['error', 'loading', 'pending', 'ready']);
  });

  it("lists the theme variables the default theme uses on the component's parts", () => {
    const { variables } = anatomy('pricing-table/pricing-table');
    expect(variables).toEqual(expect.arrayContaining(['--plankit-color-primary', '--plankit-radius-lg']));
    expect(variables.every((variable) => variable.startsWith('--plankit-'))).toBe(true);
    // The kit's shared rules (`.plankit`, `.plankit button`) count for every component; definitions do not.
    const cancel = anatomy('cancel-with-reason/cancel-with-reason').variables;
    expect(cancel).toEqual(expect.arrayContaining(['--plankit-font', '--plankit-color-text']));
    expect(cancel).not.toContain('--plankit-color-warning-text');
  });

  it('names a root part a prop gives ("{name}") and refuses an unknown entry', () => {
    expect(names('shared/alert-dialog')).toContain('{name}');
    expect(() => anatomy('pricing-table/missing')).toThrow('no component source');
  });

  it('parses part calls, root attributes and state constants', () => {
    const parts = partsIn([
      `const state = open ? 'open' : kind === 'modal' ? 'closed' : 'shut';
       <Root part="menu" state="ready"><li {...part('item', state)} /><b {...part('mark')} /></Root>
       <dialog data-plankit-part="sheet" data-state="open" />`,
    ]);
    expect(Object.fromEntries([...parts].map(([name, states]) => [name, [...states]]))).toEqual({
      item: ['open', 'closed', 'shut'],
      mark: [],
      menu: ['ready'],
      sheet: ['open'],
    });
  });
});
