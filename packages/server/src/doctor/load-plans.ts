import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { definePlans, type PlanCatalogConfig, type PlansInput } from '@plankit/core';

function isDefinedCatalog(value: unknown): value is PlanCatalogConfig {
  return (
    !!value &&
    typeof value === 'object' &&
    Array.isArray((value as { plans?: unknown }).plans) &&
    Array.isArray((value as { addOns?: unknown }).addOns)
  );
}

const typescript = /\.[cm]?tsx?$/;

/**
 * Imports a plans module. Node 20 cannot load TypeScript (`Unknown file extension ".ts"`; Node 22.18+ strips types
 * itself), so a `.ts` file then goes through the app's own `tsx`, or fails saying exactly what to do.
 */
async function importPlansModule(
  absolute: string,
  path: string,
  cwd: string,
): Promise<Record<string, unknown>> {
  const url = pathToFileURL(absolute).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if (!typescript.test(absolute) || (error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION')
      throw error;
    let api: string;
    try {
      api = createRequire(join(cwd, 'package.json')).resolve('tsx/esm/api');
    } catch {
      throw new Error(
        `Node.js ${process.version} cannot load TypeScript (${path}). Add tsx to the project (npm i -D tsx) and run the same command, or pass the catalog as JSON: --plans plans.json with definePlans' input.`,
      );
    }
    const { tsImport } = (await import(pathToFileURL(api).href)) as {
      tsImport(specifier: string, parent: string): Promise<Record<string, unknown>>;
    };
    return tsImport(url, import.meta.url);
  }
}

/**
 * Reads the plan catalog for the CLI: a JSON file with definePlans' input, or a module whose default export
 * (or `plans` export) is either that input or the result of definePlans(); TypeScript too, on Node 20 through tsx.
 */
export async function loadPlans(path: string, cwd: string): Promise<PlanCatalogConfig> {
  const absolute = resolve(cwd, path);
  if (extname(absolute) === '.json') {
    return definePlans(JSON.parse(await readFile(absolute, 'utf8')) as PlansInput);
  }
  const module = await importPlansModule(absolute, path, cwd);
  const exported = module.default ?? module.plans;
  if (isDefinedCatalog(exported)) return exported;
  if (exported && typeof exported === 'object') return definePlans(exported as PlansInput);
  throw new Error(`${path} has no default export with the plan catalog (definePlans() or its input).`);
}
