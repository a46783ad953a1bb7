/**
 * A component's anatomy read from its source, for its Storybook docs page: the parts it renders
 * (`data-plankit-part`), the states each part can carry (`data-state`), and the theme variables the default
 * theme uses on them. Read from the code (by pattern), so the page follows it;
 * the Storybook run fails a story that renders a part its page does not list.
 */

export interface Anatomy {
  /** Part name -> its states, both sorted. */
  parts: ReadonlyArray<{ name: string; states: readonly string[] }>;
  /** The `--plankit-*` variables the default theme uses on these parts and on every component's elements, sorted. */
  variables: readonly string[];
}

/**
 * `part('name', state)` calls, roots (`<Root part="name" state=…>`, `<AlertDialog name="name" state=…>`) and
 * plain attributes (`data-plankit-part="name"`).
 */
const partCall = /\bpart\(\s*'([a-z][a-z0-9-]*)'\s*(?:,\s*([^)]*))?\)/g;
const partAttribute =
  /(?:<Root\s+part|<AlertDialog\s+name|\bdata-plankit-part)=(?:"([a-z][a-z0-9-]*)"|(\{[A-Za-z]+\}))(?:\s+(?:data-)?state=(?:"([a-z_-]+)"|\{([^}]*)\}))?/g;
// A string literal that is a value, not the right side of a comparison (`from === 'checkout' ? …`).
const literal = /(?<![=!]==\s*)'([a-z][a-z0-9_-]*)'/g;

function literals(expression: string): string[] {
  return [...expression.matchAll(literal)].map((match) => match[1]!);
}

/**
 * The values a state expression can take: its string literals, and those of a `const` it names that is
 * declared in the same file (`const state = current ? 'current' : …`).
 */
function statesOf(expression: string, source: string): string[] {
  const found = literals(expression);
  const name = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(expression)?.[1];
  if (name) {
    const declaration = new RegExp(`\\bconst ${name}\\b[^=]*=([^;]*);`).exec(source);
    if (declaration) found.push(...literals(declaration[1]!));
  }
  return found;
}

/** Every part in the sources with the states the sources give it. */
export function partsIn(sources: readonly string[]): Map<string, Set<string>> {
  const parts = new Map<string, Set<string>>();
  const add = (name: string, states: string[]) => {
    const known = parts.get(name) ?? new Set<string>();
    for (const state of states) known.add(state);
    parts.set(name, known);
  };
  for (const source of sources) {
    for (const [, name, state] of source.matchAll(partCall)) add(name!, state ? statesOf(state, source) : []);
    // `part={name}`: the caller names the part (AlertDialog's root), listed as "{name}".
    for (const [, name, prop, fixed, expression] of source.matchAll(partAttribute)) {
      add((name ?? prop)!, fixed ? [fixed] : expression ? statesOf(expression, source) : []);
    }
  }
  return parts;
}

/**
 * The sources of `entry` and of every file it imports relatively, transitively, from `files` (path -> text, as
 * Vite's import.meta.glob gives them). A missing entry throws: a docs page must not list nothing.
 */
export function sourcesFrom(files: Readonly<Record<string, string>>, entry: string): string[] {
  if (!(entry in files)) throw new Error(`anatomy: no component source ${entry}`);
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const directory = path.slice(0, path.lastIndexOf('/'));
    for (const [, specifier] of files[path]!.matchAll(/from '(\.\.?\/[^']+)'/g)) {
      const resolved = resolve(directory, specifier!);
      const file = [`${resolved}.tsx`, `${resolved}.ts`, resolved].find((candidate) => candidate in files);
      if (file) visit(file);
    }
  };
  visit(entry);
  return [...seen].map((path) => files[path]!);
}

/** "a/b" + "../c/d" -> "a/c/d", for the relative paths of import.meta.glob (which start with "../"). */
function resolve(directory: string, specifier: string): string {
  const segments = directory.split('/');
  for (const segment of specifier.split('/')) {
    if (segment === '..') {
      if (segments.length && segments[segments.length - 1] !== '..') segments.pop();
      else segments.push('..');
    } else if (segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

/** CSS rules (selector, body) of a stylesheet without nested at-rules' own selectors. */
function rules(css: string): Array<{ selector: string; body: string }> {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...withoutComments.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((match) => ({
    selector: match[1]!.trim(),
    body: match[2]!,
  }));
}

/**
 * The anatomy of a component made of `sources`, with the default theme `css`: states computed at run time (a
 * subscription's status) are completed with the ones the theme styles for that part.
 */
export function anatomyOf(sources: readonly string[], css: string): Anatomy {
  const parts = partsIn(sources);
  const variables = new Set<string>();
  for (const { selector, body } of rules(css)) {
    const uses = [...body.matchAll(/var\((--plankit-[a-z0-9-]+)/g)].map((match) => match[1]!);
    const styled = [
      ...selector.matchAll(/\[data-plankit-part="([a-z0-9-]+)"\](?:\[data-state="([a-z_-]+)"\])?/g),
    ];
    // Rules on no part (`.plankit`, `.plankit button`) style every component's elements.
    if (styled.length === 0 && selector.includes('.plankit')) for (const use of uses) variables.add(use);
    for (const [, name, state] of styled) {
      const states = parts.get(name!);
      if (!states) continue;
      if (state) states.add(state);
      for (const use of uses) variables.add(use);
    }
  }
  return {
    parts: [...parts]
      .map(([name, states]) => ({ name, states: [...states].sort() }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    variables: [...variables].sort(),
  };
}
