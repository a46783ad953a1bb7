import type { Params } from './params.js';
import { invalidRequest } from './stripe-error.js';

/** Stripe's list envelope. */
export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Stripe's search envelope. */
export interface SearchResultObject<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

export function readLimit(params: Params): number {
  const limit = params.int('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest(
      'Invalid limit: must be between 1 and 100',
      'limit',
      limit < 1 ? 'parameter_invalid_integer' : undefined,
    );
  }
  return limit;
}

/**
 * Cursor pagination over items already sorted newest first (Stripe's order), with
 * `limit`, `starting_after` and `ending_before`.
 */
export function paginate<T extends { id: string }>(items: T[], params: Params, url: string): ListObject<T> {
  const limit = readLimit(params);
  const after = params.str('starting_after');
  const before = params.str('ending_before');
  if (after && before) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.');
  }
  if (after) {
    const index = items.findIndex((i) => i.id === after);
    if (index === -1) throw missingCursor('starting_after', after);
    const rest = items.slice(index + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (before) {
    const index = items.findIndex((i) => i.id === before);
    if (index === -1) throw missingCursor('ending_before', before);
    const head = items.slice(0, index);
    const start = Math.max(0, head.length - limit);
    return { object: 'list', data: head.slice(start), has_more: start > 0, url };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

function missingCursor(param: string, id: string) {
  return invalidRequest(`No such object: '${id}'`, param, 'resource_missing');
}

/** A list of everything (used for embedded lists such as `subscription.items`). */
export function fullList<T>(data: T[], url: string): ListObject<T> {
  return { object: 'list', data, has_more: false, url };
}
