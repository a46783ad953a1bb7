// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { measure } from './bundle';

// Budgets in bytes of minified, gzip -9 JavaScript, peers excluded (see README "Size").
const pricingTableBudget = 8 * 1024;
const packageBudget = 20 * 1024;

describe('bundle', () => {
  it('PricingTable with the provider fits 8 KB min+gzip, without zod', async () => {
    const bundle = await measure(`export { PlankitProvider, PricingTable } from '../src/index';`);
    console.info(`PricingTable + PlankitProvider: ${bundle.minified} B min, ${bundle.gzipped} B min+gzip`);
    expect(bundle.gzipped).toBeLessThanOrEqual(pricingTableBudget);
    expect(bundle.code).not.toMatch(/zod|ZodError|\$ZodType/i);
    expect(bundle.code).not.toMatch(/from"(?!react|@tanstack\/react-query)/);
  });

  it('the whole package fits 20 KB min+gzip, without zod', async () => {
    const bundle = await measure(`export * from '../src/index';`);
    console.info(`@plankit/react (everything): ${bundle.minified} B min, ${bundle.gzipped} B min+gzip`);
    expect(bundle.gzipped).toBeLessThanOrEqual(packageBudget);
    expect(bundle.code).not.toMatch(/zod|ZodError|\$ZodType/i);
    // Peers stay external: imported, never inlined.
    expect(bundle.code).toMatch(/from"react"/);
    expect(bundle.code).toMatch(/from"@tanstack\/react-query"/);
    expect(bundle.code).not.toMatch(/__SECRET_INTERNALS|react\.element/);
  });
});
