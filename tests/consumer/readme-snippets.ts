import { readFileSync } from 'node:fs';

/** A README code block marked `<!-- snippet: <target> -->` on the line before it. */
export interface Snippet {
  readme: string;
  target: string;
  code: string;
}

const marked = /<!-- snippet: (\S+) -->\n```\w*\n([\s\S]*?)```/g;

/** The marked code blocks of the READMEs, verbatim: tests copy or compare them, so a README cannot drift. */
export function readmeSnippets(readmes: readonly string[]): Snippet[] {
  return readmes.flatMap((readme) =>
    [...readFileSync(readme, 'utf8').matchAll(marked)].map(([, target = '', code = '']) => ({
      readme,
      target,
      code,
    })),
  );
}
