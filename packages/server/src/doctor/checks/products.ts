import type Stripe from 'stripe';
import type { ResolvedCatalogPrice } from '../catalog-prices';
import { productIdOf, productOf } from '../catalog-prices';
import type { DoctorFinding } from '../types';

/**
 * The products behind the catalog's prices are active and named; per-seat ones carry a unit label, so the
 * pricing table and Stripe's pages read "per seat" (seed 004).
 */
export function checkProducts(resolved: readonly ResolvedCatalogPrice[]): DoctorFinding[] {
  const products = new Map<string, { product: Stripe.Product | null; perSeatFor: string[] }>();
  for (const ref of resolved) {
    if (!ref.price) continue;
    const id = productIdOf(ref.price);
    const entry = products.get(id) ?? { product: productOf(ref.price), perSeatFor: [] };
    if (ref.perSeat && !entry.perSeatFor.includes(ref.key)) entry.perSeatFor.push(ref.key);
    products.set(id, entry);
  }
  const problems: DoctorFinding[] = [];
  for (const [productId, { product, perSeatFor }] of products) {
    const id = `product.${productId}`;
    if (!product) {
      problems.push({
        id,
        level: 'error',
        message: `Product ${productId} behind the catalog's prices is deleted or could not be read.`,
      });
      continue;
    }
    const label = `Product "${product.name}" (${product.id})`;
    if (!product.active) {
      problems.push({
        id,
        level: 'error',
        message: `${label} is archived; its prices cannot be sold.`,
        hint: 'Unarchive the product in Stripe.',
      });
    }
    if (product.name.trim() === '') {
      problems.push({ id, level: 'error', message: `Product ${product.id} has no name.` });
    }
    if (perSeatFor.length > 0 && !product.unit_label) {
      problems.push({
        id,
        level: 'warning',
        message: `${label} is sold per seat (${perSeatFor.join(', ')}) but has no unit label.`,
        hint: 'Set its unit label (for example "seat") so prices read "per seat".',
      });
    }
  }
  if (problems.length > 0) return problems;
  return [
    {
      id: 'products',
      level: 'ok',
      message: `All ${products.size} products are active and named; per-seat products have a unit label.`,
    },
  ];
}
