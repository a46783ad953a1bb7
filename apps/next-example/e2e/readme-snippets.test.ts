import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeSnippets } from '../../../tests/consumer/readme-snippets';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const snippets = readmeSnippets([
  `${repo}packages/server/README.md`,
  `${repo}packages/react/README.md`,
]).filter((snippet) => snippet.target.startsWith('apps/next-example/'));

describe('README snippets are the example app’s files, verbatim', () => {
  it('the server README shows the route file, the billing module and the Server Component', () => {
    expect(snippets.map((snippet) => snippet.target)).toEqual([
      'apps/next-example/app/api/billing/[...plankit]/route.ts',
      'apps/next-example/app/pricing.tsx',
      'apps/next-example/lib/billing.ts',
    ]);
  });

  it.each(snippets.map((snippet) => [snippet.target, snippet] as const))('%s', (target, snippet) => {
    expect(snippet.code).toBe(readFileSync(`${repo}${target}`, 'utf8'));
  });
});
