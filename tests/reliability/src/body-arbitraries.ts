import {
  billingIntervals,
  cancellationReasons,
  cancelModes,
  keyPattern,
  maxCommentLength,
  maxConfirmationMessageLength,
  maxPromotionCodeLength,
  maxQuantity,
  maxReturnToLength,
  maxSubscriptionItems,
  type RouteName,
} from '@plankit/core';
import fc from 'fast-check';

/**
 * Request bodies for every mutation, built from the same constants as the core schemas (keys, limits, enums):
 * first valid ones, then mutated the ways a hostile or broken client would (wrong types, extra keys, huge strings,
 * prototype keys, deep nesting, non-finite numbers, non-JSON).
 */

export type MutationRoute = Exclude<RouteName, 'plans' | 'subscription'>;

export interface FuzzContext {
  planKeys: readonly string[];
  addOnKeys: readonly string[];
  /** The fuzzing user's own subscription: some bodies name it, so owned paths run too. */
  ownSubscription: string;
}

type Body = Record<string, unknown>;

const key = fc.stringMatching(keyPattern);
const interval = fc.constantFrom(...billingIntervals);

function optional<T>(arbitrary: fc.Arbitrary<T>) {
  return fc.option(arbitrary, { nil: undefined, freq: 2 });
}

/** Drops keys whose value is undefined (they would vanish in JSON anyway, but keep samples readable). */
function compact(body: Record<string, unknown>): Body {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

function fields(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Body> {
  return fc.record(shape).map(compact);
}

export function validBody(route: MutationRoute, context: FuzzContext): fc.Arbitrary<Body> {
  const plan = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...context.planKeys) },
    { weight: 1, arbitrary: key },
  );
  const addOns = fc.uniqueArray(fc.oneof(fc.constantFrom(...context.addOnKeys), key), {
    maxLength: maxSubscriptionItems - 1,
  });
  const quantity = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: maxQuantity }));
  const promotionCode = fc.oneof(
    fc.constant('WELCOME10'),
    fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{1,${maxPromotionCodeLength}}$`)),
  );
  const locale = fc.oneof(fc.constant('auto'), fc.stringMatching(/^[a-z]{2}(-[A-Z]{2})?$/));
  const returnTo = fc.oneof(
    fc.constantFrom('/account', 'https://app.example.com/billing', 'http://localhost:5173/x'),
    fc.webPath().filter((path) => path.length > 0 && path.length <= maxReturnToLength),
  );
  const subscription = fc.oneof(
    fc.constant(context.ownSubscription),
    fc.stringMatching(/^[A-Za-z0-9]{1,64}$/).map((id) => `sub_${id}`),
  );
  const planChange = {
    subscription,
    plan,
    interval,
    quantity: optional(quantity),
    addOns: optional(addOns),
    promotionCode: optional(promotionCode),
  };
  const afterCompletion = fc.oneof(
    fc.record({ type: fc.constant('redirect'), returnTo: optional(returnTo) }).map(compact),
    fc
      .record({
        type: fc.constant('hosted_confirmation'),
        message: optional(fc.string({ minLength: 1, maxLength: maxConfirmationMessageLength })),
      })
      .map(compact),
    fc.record({ type: fc.constant('portal_homepage') }),
  );
  const portalCommon = { returnTo: optional(returnTo), locale: optional(locale) };
  switch (route) {
    case 'checkout':
      return fields({
        plan,
        interval,
        quantity: optional(quantity),
        addOns: optional(addOns),
        promotionCode: optional(promotionCode),
        locale: optional(locale),
        returnTo: optional(returnTo),
      });
    case 'portal':
      return fc.oneof(
        fields({ flow: fc.constant('homepage'), ...portalCommon }),
        fields({
          flow: fc.constant('payment_method_update'),
          ...portalCommon,
          afterCompletion: optional(afterCompletion),
        }),
        fields({
          flow: fc.constantFrom('subscription_cancel', 'subscription_update'),
          subscription,
          ...portalCommon,
          afterCompletion: optional(afterCompletion),
        }),
        fields({
          flow: fc.constant('subscription_update_confirm'),
          ...planChange,
          ...portalCommon,
          afterCompletion: optional(afterCompletion),
        }),
      );
    case 'previewChange':
      return fields(planChange);
    case 'changePlan':
      return fields({ ...planChange, prorationDate: optional(fc.integer({ min: 0, max: 2 ** 31 })) });
    case 'cancel':
      return fields({
        subscription,
        reason: fc.constantFrom(...cancellationReasons),
        comment: optional(fc.string({ maxLength: maxCommentLength })),
        mode: optional(fc.constantFrom(...cancelModes)),
        declineOffer: optional(fc.boolean()),
      });
    case 'retentionAccept':
    case 'resume':
      return fields({ subscription });
    case 'sync':
      return fc.constant({});
  }
}

/** Values of the wrong type or shape for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 53), '', ' ', '0', 'null', [], {}, [null]),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom(
    'price_1234',
    'cus_123',
    'sub_',
    'sub_../../x',
    'pro ',
    'PRO',
    'pro\u0000',
    '\ud800',
    'ｐｒｏ',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Keys a client must never be able to set, plus prototype keys. */
const hostileKey = fc.oneof(
  fc.constantFrom(
    'customerId',
    'customer',
    'email',
    'userId',
    'priceId',
    'price',
    'prices',
    'line_items',
    'success_url',
    'metadata',
    'trialDays',
    'unitAmount',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** A structural mutation of a parsed body. */
type Mutation =
  | { kind: 'drop'; index: number }
  | { kind: 'retype'; index: number; value: unknown }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'huge'; index: number; length: number }
  | { kind: 'nest'; index: number; depth: number }
  | { kind: 'wrap'; as: 'array' | 'string' | 'number' | 'null' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), index: fc.nat(), value: wrongValue }),
  fc.record({ kind: fc.constant('extra' as const), key: hostileKey, value: wrongValue }),
  fc.record({
    kind: fc.constant('huge' as const),
    index: fc.nat(),
    length: fc.constantFrom(65, 501, 2049, 5000, 15_000, 17_000),
  }),
  fc.record({
    kind: fc.constant('nest' as const),
    index: fc.nat(),
    depth: fc.constantFrom(2, 50, 1000, 5000),
  }),
  fc.record({ kind: fc.constant('wrap' as const), as: fc.constantFrom('array', 'string', 'number', 'null') }),
);

const nestMarker = '\u0001nest:';

/** Replaces nest placeholders by `[[[...1...]]]` of the requested depth. */
function nestDeeply(json: string): string {
  return json.replace(
    /"\\u0001nest:(\d+)"/g,
    (_, depth: string) => `${'['.repeat(Number(depth))}1${']'.repeat(Number(depth))}`,
  );
}

function applyMutation(body: Body, change: Mutation): unknown {
  const keys = Object.keys(body);
  const pick = (index: number) => keys[index % Math.max(keys.length, 1)];
  const next: Body = { ...body };
  switch (change.kind) {
    case 'drop': {
      const name = pick(change.index);
      if (name) delete next[name];
      return next;
    }
    case 'retype': {
      const name = pick(change.index);
      if (name) next[name] = change.value;
      return next;
    }
    case 'extra':
      // defineProperty, so "__proto__" becomes an own key in the JSON (as an attacker would send it).
      Object.defineProperty(next, change.key, {
        value: change.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return next;
    case 'huge': {
      const name = pick(change.index);
      if (name) next[name] = 'x'.repeat(change.length);
      return next;
    }
    case 'nest': {
      // A placeholder, expanded in the text by nestDeeply(): JSON.stringify itself would overflow the stack.
      const name = pick(change.index);
      if (name) next[name] = `${nestMarker}${change.depth}`;
      return next;
    }
    case 'wrap':
      if (change.as === 'array') return [body];
      if (change.as === 'string') return JSON.stringify(body);
      if (change.as === 'number') return 42;
      return null;
  }
}

/** Text-level damage JSON.stringify cannot produce: non-finite numbers, -0, comments, bad UTF-8, truncation... */
type TextDamage =
  | { kind: 'number'; token: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'prefix'; text: string }
  | { kind: 'proto'; payload: string }
  | { kind: 'duplicate' }
  | { kind: 'garbage'; text: string }
  | { kind: 'bytes'; bytes: readonly number[] };

const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  fc.record({
    kind: fc.constant('number' as const),
    token: fc.constantFrom(
      'NaN',
      'Infinity',
      '-Infinity',
      '-0',
      '1e400',
      '-1e400',
      '1e-400',
      '0x10',
      '01',
      '1.',
      '+1',
      '1_000',
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('prefix' as const),
    text: fc.constantFrom('\ufeff', ' \n\t', '//x\n', '/**/', ")]}'\n"),
  }),
  fc.record({
    kind: fc.constant('proto' as const),
    payload: fc.constantFrom(
      '"__proto__":{"polluted":"yes"}',
      '"constructor":{"prototype":{"polluted":"yes"}}',
      '"__proto__":{"__proto__":{"polluted":"yes"}}',
      '"__proto__":null',
      '"__proto__":[]',
    ),
  }),
  fc.record({ kind: fc.constant('duplicate' as const) }),
  fc.record({
    kind: fc.constant('garbage' as const),
    text: fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        '',
        'null',
        'true',
        '[]',
        '""',
        '{',
        '}',
        '{"a":}',
        'undefined',
        '{plan:"pro"}',
        "{'plan':'pro'}",
      ),
    ),
  }),
  fc.record({
    kind: fc.constant('bytes' as const),
    bytes: fc.oneof(
      fc.constantFrom(
        [0xff, 0xfe],
        [0xc3, 0x28],
        [0xed, 0xa0, 0x80],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0xe2, 0x82],
      ),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }),
    ),
  }),
);

function damageText(json: string, damage: TextDamage): string | Uint8Array<ArrayBuffer> {
  switch (damage.kind) {
    case 'number': {
      // Replace the first value (string, number, boolean...) after a colon by the token.
      const replaced = json.replace(
        /:("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/,
        `:${damage.token}`,
      );
      return replaced === json ? `{"quantity":${damage.token}}` : replaced;
    }
    case 'truncate':
      return json.slice(0, damage.at % Math.max(json.length, 1));
    case 'prefix':
      return `${damage.text}${json}`;
    case 'proto':
      return json.startsWith('{') && json.length > 2
        ? `{${damage.payload},${json.slice(1)}`
        : `{${damage.payload}}`;
    case 'duplicate':
      // The same key twice: parsers keep the last one; the body must still be validated as a whole.
      return json.startsWith('{"') ? json.replace(/^\{("[^"]+"):/, '{$1:"price_123",$1:') : json;
    case 'garbage':
      return damage.text;
    case 'bytes': {
      const head = new TextEncoder().encode(json.slice(0, Math.floor(json.length / 2)));
      const tail = new TextEncoder().encode(json.slice(Math.floor(json.length / 2)));
      return new Uint8Array([...head, ...damage.bytes, ...tail]);
    }
  }
}

/** One fuzz sample: a route and the exact bytes sent as its body. */
export interface FuzzSample {
  route: MutationRoute;
  kind: 'valid' | 'mutated' | 'damaged';
  body: string | Uint8Array<ArrayBuffer>;
}

export function fuzzSample(routes: readonly MutationRoute[], context: FuzzContext): fc.Arbitrary<FuzzSample> {
  // Built once per route: building arbitraries (regex-based ones especially) is far costlier than sampling them.
  return fc.oneof(...routes.map((route) => routeSample(route, validBody(route, context))));
}

function routeSample(route: MutationRoute, valid: fc.Arbitrary<Body>): fc.Arbitrary<FuzzSample> {
  return fc.oneof(
    {
      weight: 2,
      arbitrary: valid.map((body): FuzzSample => ({ route, kind: 'valid', body: JSON.stringify(body) })),
    },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([body, changes]): FuzzSample => {
          let value: unknown = body;
          for (const change of changes) {
            value =
              value && typeof value === 'object' && !Array.isArray(value)
                ? applyMutation(value as Body, change)
                : value;
          }
          return { route, kind: 'mutated', body: nestDeeply(JSON.stringify(value) ?? 'null') };
        }),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(valid, textDamage).map(
        ([body, damage]): FuzzSample => ({
          route,
          kind: 'damaged',
          body: damageText(JSON.stringify(body), damage),
        }),
      ),
    },
  );
}
