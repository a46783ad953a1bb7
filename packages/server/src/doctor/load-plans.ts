import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
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

/**
 * Reads the plan catalog for the CLI: a JSON file with definePlans' input, or a module whose default export
 * (or `plans` export) is either that input or the result of definePlans().
 */
export async function loadPlans(path: string, cwd: string): Promise<PlanCatalogConfig> {
  const absolute = resolve(cwd, path);
  if (extname(absolute) === '.json') {
    return definePlans(JSON.parse(await readFile(absolute, 'utf8')) as PlansInput);
  }
  const module = (await import(pathToFileURL(absolute).href)) as { default?: unknown; plans?: unknown };
  const exported = module.default ?? module.plans;
  if (isDefinedCatalog(exported)) return exported;
  if (exported && typeof exported === 'object') return definePlans(exported as PlansInput);
  throw new Error(`${path} has no default export with the plan catalog (definePlans() or its input).`);
}
