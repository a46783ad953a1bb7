import type { Engine } from '../engine.js';
import { readLimit, type SearchResultObject } from './list.js';
import type { Params } from './params.js';
import { searchIndexOf } from './search-index.js';
import { invalidRequest } from './stripe-error.js';

/** One clause of Stripe's search query language. */
interface Clause {
  field: string;
  metadataKey?: string;
  operator: ':' | '~' | '>' | '<' | '>=' | '<=';
  value: string;
  negated: boolean;
}

/** Reads a search field of an object (e.g. `email`, `status`, `created`); metadata is handled apart. */
export type FieldReader<T> = (item: T, field: string) => string | number | null | undefined;

const CLAUSE =
  /^\s*(-)?\s*(metadata\[\s*(?:'([^']*)'|"([^"]*)")\s*\]|[a-z_.]+)\s*(:|~|>=|<=|>|<)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))\s*/i;

/**
 * Parses the subset of Stripe's search query language Plankit needs: `field:'v'`, `field~'v'`,
 * `metadata['k']:'v'`, numeric comparisons, negation with `-`, joined by AND or by OR (not mixed).
 */
export function parseSearchQuery(
  query: string,
  fields: readonly string[],
): { clauses: Clause[]; or: boolean } {
  const clauses: Clause[] = [];
  let rest = query.trim();
  let joiner: 'AND' | 'OR' | null = null;
  if (!rest) throw invalidRequest('Missing required param: query.', 'query', 'parameter_missing');
  while (rest.length) {
    const m = CLAUSE.exec(rest);
    if (!m) throw badQuery(query);
    const rawField = m[2] ?? '';
    const metadataKey = m[3] ?? m[4];
    const field = metadataKey !== undefined ? 'metadata' : rawField;
    if (metadataKey === undefined && !fields.includes(field)) {
      throw invalidRequest(`Field \`${field}\` is an unsupported search field for this resource.`, 'query');
    }
    const value = (m[6] ?? m[7] ?? m[8] ?? '').replace(/\\(.)/g, '$1');
    const clause: Clause = {
      field,
      operator: m[5] as Clause['operator'],
      value,
      negated: m[1] === '-',
    };
    if (metadataKey !== undefined) clause.metadataKey = metadataKey;
    clauses.push(clause);
    rest = rest.slice(m[0].length);
    if (!rest.length) break;
    const j = /^(AND|OR)\s+/i.exec(rest);
    if (!j) throw badQuery(query);
    const word = (j[1] ?? '').toUpperCase() as 'AND' | 'OR';
    if (joiner && joiner !== word) {
      throw invalidRequest('Mixing AND and OR in one query is not supported.', 'query');
    }
    joiner = word;
    rest = rest.slice(j[0].length);
  }
  return { clauses, or: joiner === 'OR' };
}

function badQuery(query: string) {
  return invalidRequest(`The query \`${query}\` could not be parsed.`, 'query');
}

/**
 * Runs a search with Stripe's `page`/`next_page` pagination (page tokens are opaque offsets), as Stripe's search
 * index sees the items: rate-limited, matching and returning each item as it was `lagMs` ago (see SearchIndex).
 */
export function search<T extends { id: string; metadata: Record<string, string> | null }>(
  engine: Engine,
  items: T[],
  params: Params,
  url: string,
  fields: readonly string[],
  read: FieldReader<T>,
): SearchResultObject<T> {
  const index = searchIndexOf(engine);
  index.admit();
  const query = params.requiredStr('query');
  const { clauses, or } = parseSearchQuery(query, fields);
  const limit = readLimit(params);
  // Results are the objects as the index has them (maybe stale), the stricter reading of Stripe's docs: a caller
  // that acts on a hit must re-read it.
  const matches = items.flatMap((item) => {
    const seen = index.view(item);
    if (!seen) return [];
    const results = clauses.map((c) => matchClause(seen, c, read));
    return (or ? results.some(Boolean) : results.every(Boolean)) ? [seen] : [];
  });
  const page = params.str('page');
  const offset = page ? decodePage(page) : 0;
  const data = matches.slice(offset, offset + limit);
  const hasMore = matches.length > offset + limit;
  return {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? encodePage(offset + limit) : null,
    url,
  };
}

function matchClause<T extends { metadata: Record<string, string> | null }>(
  item: T,
  c: Clause,
  read: FieldReader<T>,
): boolean {
  const actual = c.metadataKey !== undefined ? item.metadata?.[c.metadataKey] : read(item, c.field);
  let ok: boolean;
  if (actual === undefined || actual === null) ok = false;
  else if (c.operator === ':') ok = String(actual).toLowerCase() === c.value.toLowerCase();
  else if (c.operator === '~') ok = String(actual).toLowerCase().includes(c.value.toLowerCase());
  else {
    const a = Number(actual);
    const b = Number(c.value);
    ok = c.operator === '>' ? a > b : c.operator === '<' ? a < b : c.operator === '>=' ? a >= b : a <= b;
  }
  return c.negated ? !ok : ok;
}

function encodePage(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodePage(page: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(page, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to Stripe's error
  }
  throw invalidRequest('Invalid page token.', 'page');
}
