import type { Engine } from '../engine.js';
import { invalidRequest } from './stripe-error.js';

type Json = Record<string, unknown>;

/** Fields that are not ids but are only included when expanded (Stripe's "includable" fields). */
export type Includer = (engine: Engine, parent: Json) => unknown;

const COLLECTION_BY_PREFIX: Array<[string, keyof Engine['state']]> = [
  ['cus_', 'customers'],
  ['price_', 'prices'],
  ['prod_', 'products'],
  ['sub_', 'subscriptions'],
  ['in_', 'invoices'],
  ['pm_', 'paymentMethods'],
  ['cs_', 'checkoutSessions'],
  ['promo_', 'promotionCodes'],
  ['di_', 'discounts'],
  ['bpc_', 'portalConfigurations'],
  ['we_', 'webhookEndpoints'],
  ['evt_', 'events'],
];

// Coupon ids are chosen by the account, so coupons are found by field name rather than prefix.
const COLLECTION_BY_FIELD: Record<string, keyof Engine['state']> = { coupon: 'coupons' };

const MAX_DEPTH = 4;

/**
 * Applies `expand[]` paths (`customer`, `items.data.price.product`, `data.latest_invoice`) to a response.
 * Unknown or non-expandable paths raise Stripe's error.
 */
export function applyExpand(
  engine: Engine,
  body: unknown,
  paths: string[],
  includers: Record<string, Includer>,
): unknown {
  if (paths.length === 0) return body;
  const root = structuredClone(body) as Json;
  // A deleted object answers as its tombstone whatever is asked to be expanded on it.
  if (root.deleted === true) return root;
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.filter((p) => p !== 'data').length > MAX_DEPTH) {
      throw invalidRequest(
        `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`,
        'expand',
      );
    }
    expandInto(engine, root, parts, path, includers);
  }
  return root;
}

function expandInto(
  engine: Engine,
  node: unknown,
  parts: string[],
  path: string,
  includers: Record<string, Includer>,
): void {
  if (Array.isArray(node)) {
    for (const item of node) expandInto(engine, item, parts, path, includers);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Json;
  const [head, ...rest] = parts;
  if (head === undefined) return;
  const objectType = typeof obj.object === 'string' ? obj.object : '';
  const includer = includers[`${objectType}.${head}`];
  if (includer && (obj[head] === undefined || obj[head] === null || typeof obj[head] !== 'object')) {
    obj[head] = includer(engine, obj);
  } else if (!(head in obj)) {
    throw notExpandable(path, head);
  }
  let value = obj[head];
  if (typeof value === 'string') {
    value = resolve(engine, head, value);
    if (value === undefined) throw notExpandable(path, head);
    obj[head] = value;
  } else if (Array.isArray(value)) {
    value = value.map((v) => (typeof v === 'string' ? (resolve(engine, head, v) ?? v) : v));
    obj[head] = value;
  } else if (
    value !== null &&
    typeof value === 'object' &&
    rest.length === 0 &&
    !includer &&
    !isExpandedObject(value)
  ) {
    throw notExpandable(path, head);
  }
  // A tombstone has nothing left to expand into.
  const tombstone = value !== null && typeof value === 'object' && (value as Json).deleted === true;
  if (rest.length && !tombstone) expandInto(engine, value, rest, path, includers);
}

function isExpandedObject(value: object): boolean {
  return 'id' in value || (value as Json).object === 'list';
}

function resolve(engine: Engine, field: string, id: string): unknown {
  const byField = COLLECTION_BY_FIELD[field];
  let collection = byField;
  if (!collection) collection = COLLECTION_BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1];
  if (!collection) return undefined;
  const store = engine.state[collection] as Record<string, object>;
  const found = store[id];
  if (found) return structuredClone(engine.render(found));
  // As Stripe: a deleted object still expands, to its tombstone (`{ id, object, deleted: true }`).
  const deletedAs = engine.state.deletedIds[id];
  return deletedAs ? { id, object: deletedAs, deleted: true } : undefined;
}

function notExpandable(path: string, field: string) {
  // Stripe names the failing segment; the full path helps when debugging nested expansions.
  return invalidRequest(`This property cannot be expanded (${field}). Path: ${path}`, 'expand');
}
