/** A decoded Stripe request parameter: form values are always strings; brackets build objects and arrays. */
export type Param = string | ParamObject | Param[];
export interface ParamObject {
  [key: string]: Param | undefined;
}

import { invalidParam } from './stripe-error.js';

/** Keys that could reach an object's prototype: refused wherever they appear in a parameter name. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A plain record without a prototype, so no decoded key can shadow or reach Object.prototype. */
function record(): ParamObject {
  return Object.create(null) as ParamObject;
}

/**
 * Decodes Stripe's form encoding (`items[0][price]=x&expand[]=y&metadata[k]=v`) into nested objects.
 * Numeric and empty bracket keys become arrays, as the official SDKs send arrays with indices.
 * Malformed percent-encoding and the keys `__proto__`, `constructor` and `prototype` are refused with a 400;
 * decoded objects have no prototype.
 */
export function decodeForm(body: string): ParamObject {
  const root = record();
  if (!body) return root;
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw invalidParam('Invalid request body: malformed percent-encoding.');
    }
    const path = parseKey(key);
    if (path.some((part) => FORBIDDEN_KEYS.has(part))) {
      throw invalidParam(`Invalid parameter name: ${key}`, key);
    }
    assign(root, path, value);
  }
  return arrayify(root) as ParamObject;
}

function parseKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  for (let m = re.exec(key); m; m = re.exec(key)) parts.push(m[1] ?? '');
  return parts;
}

// Objects with only integer keys are turned into arrays after the whole body is read.
const APPEND = '\u0000append';

function assign(target: ParamObject, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length; i++) {
    let part = path[i] ?? '';
    if (part === '') part = `${APPEND}${Object.keys(node).length}`;
    if (i === path.length - 1) {
      node[part] = value;
      return;
    }
    const next = node[part];
    if (next === undefined || typeof next === 'string' || Array.isArray(next)) {
      const created = record();
      node[part] = created;
      node = created;
    } else {
      node = next;
    }
  }
}

function arrayify(value: Param | undefined): Param | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const isList = keys.length > 0 && keys.every((k) => /^\d+$/.test(k) || k.startsWith(APPEND));
  if (isList) {
    const sorted = keys
      .map((k) => ({ k, n: k.startsWith(APPEND) ? Number(k.slice(APPEND.length)) : Number(k) }))
      .sort((a, b) => a.n - b.n);
    return sorted.map(({ k }) => arrayify(value[k]) as Param);
  }
  const out = record();
  for (const k of keys) out[k] = arrayify(value[k]);
  return out;
}
