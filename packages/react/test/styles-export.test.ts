// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// A workspace consumer: the demo app depends on @plankit/react through the workspace.
const consumerDir = fileURLToPath(new URL('../../../apps/demo/src', import.meta.url));

/** The file a bundler picks for `import '@plankit/react/styles.css'` under the given conditions. */
async function resolveStylesheet(conditions: string[]): Promise<string[]> {
  const result = await build({
    stdin: { contents: `import '@plankit/react/styles.css';`, resolveDir: consumerDir, loader: 'ts' },
    bundle: true,
    write: false,
    metafile: true,
    conditions,
    logLevel: 'silent',
    outdir: 'out',
  });
  return Object.keys(result.metafile.inputs).filter((input) => input.endsWith('.css'));
}

describe('@plankit/react/styles.css export', () => {
  // Otherwise it is dist/styles.css, which a fresh checkout has not built yet.
  it('resolves to the source stylesheet under the @plankit/source condition (workspace, no build)', async () => {
    const [stylesheet] = await resolveStylesheet(['@plankit/source']);
    expect(stylesheet).toMatch(/packages\/react\/src\/styles\.css$/);
  });
});
