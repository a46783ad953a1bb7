import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Peers stay out of the measured bundles: the app ships them anyway. */
export const peers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'];

export interface Measured {
  code: string;
  minified: number;
  gzipped: number;
  inputs: string[];
}

/** Bundles `contents` (an entry that imports from `src/index.ts`) for the browser, minified, and measures it. */
export async function measure(contents: string): Promise<Measured> {
  const result = await build({
    stdin: { contents, resolveDir: new URL('.', import.meta.url).pathname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    metafile: true,
    external: peers,
    conditions: ['@plankit/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return {
    code,
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    inputs: Object.keys(result.metafile.inputs),
  };
}
