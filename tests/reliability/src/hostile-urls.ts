import fc from 'fast-check';

/**
 * Return addresses an attacker would plant in a link to the app ("...?returnTo=..."), each of which, if accepted,
 * would send the customer off the app's origin or run script. Every generated value is hostile by construction:
 * the foreign host is never the app's, userinfo is always present where used, schemes are never http(s) on the app.
 */

const allowedHost = 'app.example.com';

/** Hosts that are not the app: fixed look-alikes plus random domains. */
const foreignHost = fc.oneof(
  fc.constantFrom(
    'evil.test',
    'app.example.com.evil.test',
    'app.example.com-evil.test',
    'app-example.com',
    'example.com',
    'evilapp.example.com',
    'app.example.co',
    'app.example.com.',
    'xn--pp-ola.example.com',
  ),
  fc.domain().filter((domain) => domain !== allowedHost && domain !== 'localhost'),
);

/** The same foreign place written as an IP (v4 in dotted, decimal, hex, octal and short forms, v6, mapped v4). */
const foreignIp = fc.constantFrom(
  '127.0.0.1',
  '2130706433',
  '0x7f.0x0.0x0.0x1',
  '0177.0.0.1',
  '127.1',
  '10.0.0.1',
  '169.254.169.254',
  '[::1]',
  '[::ffff:7f00:1]',
  '[0:0:0:0:0:ffff:127.0.0.1]',
  '[fe80::1]',
  '[::ffff:a00:1]',
);

const anyForeign = fc.oneof(foreignHost, foreignIp);

/** Random upper/lower case, as browsers treat schemes and hosts case-insensitively. */
function mixCase(text: string) {
  return fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((flags) => [...text].map((char, index) => (flags[index] ? char.toUpperCase() : char)).join(''));
}

/** Characters browsers strip or "repair" inside URLs (tabs and newlines vanish; leading C0/space are trimmed). */
const strippable = fc.constantFrom('\t', '\n', '\r', '\u0000', ' ', '\u000b', '\u000c', '\u001f');

/** Inserts one strippable character at a random place of the scheme. */
function splitScheme(scheme: string) {
  return fc
    .tuple(fc.integer({ min: 1, max: scheme.length - 1 }), strippable)
    .map(([at, junk]) => `${scheme.slice(0, at)}${junk}${scheme.slice(at)}`);
}

const script = fc.constantFrom('alert(1)', 'alert(document.cookie)', '//%0aalert(1)', 'fetch("//evil.test")');

const templates: fc.Arbitrary<string>[] = [
  // Protocol-relative and its slash/backslash variants.
  anyForeign.map((host) => `//${host}`),
  anyForeign.map((host) => `///${host}/x`),
  anyForeign.map((host) => `/\\${host}`),
  anyForeign.map((host) => `\\/${host}`),
  anyForeign.map((host) => `\\\\${host}`),
  fc.tuple(strippable, anyForeign).map(([junk, host]) => `/${junk}/${host}`),
  fc.tuple(strippable, anyForeign).map(([junk, host]) => `${junk}//${host}`),
  // Absolute URLs on another host, in any case, with a scheme downgrade or another port on the app's host.
  fc.tuple(mixCase('https'), anyForeign).map(([scheme, host]) => `${scheme}://${host}/account`),
  fc.tuple(mixCase('http'), anyForeign).map(([scheme, host]) => `${scheme}://${host}`),
  fc.constantFrom(
    'http://app.example.com/',
    'https://app.example.com:8443/',
    'https://app.example.com:444',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
  ),
  fc
    .tuple(mixCase('https'), anyForeign)
    .map(([scheme, host]) => `${scheme}:${host}`.replace(/^https:/i, 'http:')),
  // Userinfo: the app's host as a user name, credentials on the app's own host, and escaped separators.
  fc.tuple(mixCase('https'), anyForeign).map(([scheme, host]) => `${scheme}://${allowedHost}@${host}/`),
  fc.tuple(mixCase('https'), anyForeign).map(([scheme, host]) => `${scheme}://${allowedHost}:443@${host}`),
  fc
    .tuple(fc.constantFrom('user', 'user:pass', 'a%40b', ':'), fc.constant(allowedHost))
    .map(([info, host]) => `https://${info}@${host}/`),
  anyForeign.map((host) => `https://${host}\\@${allowedHost}/`),
  anyForeign.map((host) => `https://${host}%2F@${allowedHost}/`),
  anyForeign.map((host) => `https://${allowedHost}%2F@${host}/`),
  anyForeign.map((host) => `https://${host}#@${allowedHost}/`),
  anyForeign.map((host) => `https://${host}?@${allowedHost}/`),
  // Script and data schemes, mixed case, split by characters a browser would drop, or behind leading junk.
  fc.tuple(mixCase('javascript'), script).map(([scheme, code]) => `${scheme}:${code}`),
  fc.tuple(splitScheme('javascript'), script).map(([scheme, code]) => `${scheme}:${code}`),
  fc
    .tuple(strippable, mixCase('javascript'), script)
    .map(([junk, scheme, code]) => `${junk}${scheme}:${code}`),
  fc
    .tuple(
      mixCase('data'),
      fc.constantFrom('text/html,<script>alert(1)</script>', 'text/html;base64,PHNjcmlwdD4='),
    )
    .map(([scheme, payload]) => `${scheme}:${payload}`),
  fc.tuple(mixCase('vbscript'), script).map(([scheme, code]) => `${scheme}:${code}`),
  fc.constantFrom(
    'file:///etc/passwd',
    'blob:https://app.example.com/0b7c',
    'filesystem:https://app.example.com/temporary/x',
    'ftp://evil.test/',
    'ws://app.example.com/',
    'wss://evil.test/',
    'intent://evil.test#Intent;scheme=https;end',
  ),
  fc.tuple(splitScheme('https'), anyForeign).map(([scheme, host]) => `${scheme}://${host}/`),
  fc.tuple(strippable, anyForeign).map(([junk, host]) => `${junk}https://${host}/`),
  fc.tuple(anyForeign, strippable).map(([host, junk]) => `https:${junk}//${host}/`),
  // Unicode: full stops that IDNA maps to ".", full-width letters, and invisible characters.
  fc
    .tuple(fc.constantFrom('\u3002', '\uff0e', '\uff61'), fc.constantFrom('evil', 'app.example.com'))
    .map(([dot, left]) => `https://${left}${dot}evil${dot}test/`),
  fc.constantFrom(
    'https://\uff45\uff56\uff49\uff4c.test/',
    'https://\u24d4vil.test/',
    'https://evil.test\u2044app.example.com',
    '/\u2215\u2215evil.test',
    '\u200b//evil.test',
    '/\u200b/evil.test',
    '\ufeff//evil.test',
    '/\u3000/evil.test',
    '\u2028//evil.test',
    '/\u00a0/evil.test',
  ),
  // Percent-encoding that a careless decoder would turn into another host or scheme.
  anyForeign.map((host) => `https://${host}%2Eapp.example.com.evil.test/`),
  fc.constantFrom(
    'https://evil%2Etest/',
    'https://%65vil.test/',
    'http%3A//evil.test',
    'https://app.example.com%40evil.test/',
  ),
];

/**
 * One hostile return address. Two of the percent-encoded forms are refused only because they do not parse
 * (`http%3A//evil.test` resolves as a path and is harmless: it is excluded below so every value is truly hostile).
 */
export const hostileUrl: fc.Arbitrary<string> = fc
  .oneof(...templates)
  .filter((value) => value.length > 0 && value.length <= 2048)
  .filter((value) => !isHarmlessRelative(value));

function isHarmlessRelative(value: string): boolean {
  try {
    const resolved = new URL(value, 'https://app.example.com');
    return (
      resolved.origin === 'https://app.example.com' &&
      resolved.username === '' &&
      resolved.password === '' &&
      // A value with control characters or backslashes is hostile even when this parser lands on the app:
      // other parsers (old browsers, Stripe's) may read it differently.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      !/[\u0000-\u0020\\\u007f-\u009f\u00a0\u2028\u2029\u200b\ufeff\u3000]/u.test(value) &&
      !value.startsWith('//')
    );
  } catch {
    return false;
  }
}

/** Return addresses that are fine: the suite checks they pass, so a refusal proves the check, not a broken field. */
export const benignUrls = [
  '/account',
  '/billing?tab=plan#top',
  'https://app.example.com/done',
  'http://localhost:5173/',
];
