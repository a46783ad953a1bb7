import type { Param, ParamObject } from './form.js';
import { isHttpUrl } from './http-url.js';
import {
  invalidEnum,
  invalidInteger,
  invalidParam,
  parameterInvalidEmpty,
  parameterMissing,
  parameterUnknown,
} from './stripe-error.js';

/**
 * Typed reads of decoded form params with Stripe's error messages.
 * `name` is the full bracket path used in error `param` fields (e.g. `items[0][price]`).
 */
export class Params {
  constructor(
    readonly raw: ParamObject,
    readonly prefix = '',
  ) {}

  private path(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** True when the key is present with the empty string, Stripe's way to unset a field. */
  isUnset(key: string): boolean {
    return this.raw[key] === '';
  }

  /** Rejects top-level keys that are not in `known` with Stripe's parameter_unknown error. */
  allowOnly(known: readonly string[]): this {
    for (const key of Object.keys(this.raw)) {
      if (!known.includes(key)) throw parameterUnknown(this.path(key));
    }
    return this;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidParam(`Invalid string: ${JSON.stringify(v)}`, this.path(key));
    return v;
  }

  /** A string that may be unset with '' (returns null then). */
  nullableStr(key: string): string | null | undefined {
    const v = this.str(key);
    return v === '' ? null : v;
  }

  /**
   * A redirect URL: absolute http(s) only, as Stripe refuses anything else (`javascript:`, relative paths) with
   * `url_invalid`; '' unsets (returns null).
   */
  url(key: string): string | null | undefined {
    const v = this.nullableStr(key);
    if (v === null || v === undefined) return v;
    if (!isHttpUrl(v)) {
      throw invalidParam(
        `Invalid URL: ${v}. An explicit scheme of http or https must be provided.`,
        this.path(key),
        'url_invalid',
      );
    }
    return v;
  }

  requiredStr(key: string): string {
    const v = this.str(key);
    if (v === undefined) throw parameterMissing(this.path(key));
    if (v === '') throw parameterInvalidEmpty(this.path(key));
    return v;
  }

  /** Non-empty when present. */
  nonEmptyStr(key: string): string | undefined {
    const v = this.str(key);
    if (v === '') throw parameterInvalidEmpty(this.path(key));
    return v;
  }

  int(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidInteger(this.path(key), v);
    return Number(v);
  }

  requiredInt(key: string): number {
    const v = this.int(key);
    if (v === undefined) throw parameterMissing(this.path(key));
    return v;
  }

  num(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v === '' || Number.isNaN(n)) throw invalidParam(`Invalid decimal: ${v}`, this.path(key));
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw invalidParam(`Invalid boolean: ${v}`, this.path(key));
  }

  enumOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw invalidEnum(this.path(key), allowed);
    return v as T;
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string' || Array.isArray(v)) {
      if (v === '') return undefined;
      throw invalidParam(`Invalid object`, this.path(key));
    }
    return new Params(v, this.path(key));
  }

  requiredObj(key: string): Params {
    const v = this.obj(key);
    if (!v) throw parameterMissing(this.path(key));
    return v;
  }

  /** An array of objects (`items[0][price]`), each wrapped with its indexed path. */
  objList(key: string): Params[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return [];
    const list = asList(v);
    if (!list) throw invalidParam(`Invalid array`, this.path(key));
    return list.map((item, i) => {
      if (typeof item === 'string' || Array.isArray(item)) {
        throw invalidParam(`Invalid object`, `${this.path(key)}[${i}]`);
      }
      return new Params(item, `${this.path(key)}[${i}]`);
    });
  }

  strList(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return [];
    const list = typeof v === 'string' ? [v] : asList(v);
    if (!list) throw invalidParam(`Invalid array`, this.path(key));
    return list.map((item, i) => {
      if (typeof item !== 'string') throw invalidParam(`Invalid string`, `${this.path(key)}[${i}]`);
      return item;
    });
  }

  /** `metadata[k]=v` as a string map; '' unsets a key (returned as null so callers can delete it). */
  metadata(key = 'metadata'): Record<string, string | null> | null | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (typeof v === 'string' || Array.isArray(v)) throw invalidParam('Invalid hash', this.path(key));
    const out: Record<string, string | null> = {};
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') throw invalidParam('Invalid hash', `${this.path(key)}[${k}]`);
      out[k] = val === '' ? null : val;
    }
    return out;
  }
}

function asList(v: Param): Param[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.every((k) => /^\d+$/.test(k))) return keys.map((k) => v[k] as Param);
  }
  return undefined;
}

/** Applies a metadata update (`null` values delete keys; a null map clears everything). */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string | null> | null | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}
