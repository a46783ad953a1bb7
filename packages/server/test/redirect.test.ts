import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PlankitError } from '../src/http/plankit-error';
import { normalizeAllowedOrigins, resolveRedirect } from '../src/security/redirect';

const allowed = ['https://app.example.com', 'http://localhost:5173'];

function refused(value: string): boolean {
  try {
    resolveRedirect(value, allowed);
    return false;
  } catch (error) {
    return error instanceof PlankitError && error.code === 'redirect_not_allowed';
  }
}

describe('resolveRedirect', () => {
  test('accepts paths and absolute URLs on the allowed origins', () => {
    expect(resolveRedirect('/account?tab=billing#plan', allowed)).toBe(
      'https://app.example.com/account?tab=billing#plan',
    );
    expect(resolveRedirect('https://app.example.com/x', allowed)).toBe('https://app.example.com/x');
    expect(resolveRedirect('http://localhost:5173/done', allowed)).toBe('http://localhost:5173/done');
    expect(resolveRedirect('settings', allowed)).toBe('https://app.example.com/settings');
    expect(resolveRedirect('/%2F%2Fevil.example', allowed)).toBe(
      'https://app.example.com/%2F%2Fevil.example',
    );
  });

  test('a protocol-relative address is refused even when it names an allowed host; a path ending in // is fine', () => {
    expect(refused('//app.example.com/account')).toBe(true);
    expect(resolveRedirect('/docs//', allowed)).toBe('https://app.example.com/docs//');
  });

  test('refused even where the origin check alone would pass: empty, stray whitespace, any userinfo', () => {
    expect(refused('')).toBe(true);
    expect(refused('/\taccount')).toBe(true);
    expect(refused('https://user@app.example.com/account')).toBe(true);
    expect(refused('https://:secret@app.example.com/account')).toBe(true);
    expect(refused('https://user:secret@app.example.com/account')).toBe(true);
  });

  test.each([
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    ' //evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'https://app.example.com@evil.example',
    'https://user:pass@app.example.com/',
    'https://evil.example',
    'https://app.example.com.evil.example/',
    'http://app.example.com/',
    'https://app.example.com:8443/',
    'http:evil.example',
    'https://evil.example\\@app.example.com',
    '/\u2028/evil.example',
    '\u0000/x',
    'file:///etc/passwd',
    'http://localhost:5174/',
  ])('refuses %j', (value) => {
    expect(refused(value)).toBe(true);
  });

  test('property: any URL on another host, any scheme other than http(s), userinfo or whitespace is refused', () => {
    const host = fc.domain().filter((domain) => domain !== 'app.example.com' && domain !== 'localhost');
    const hostile = fc.oneof(
      host.map((domain) => `//${domain}`),
      host.map((domain) => `https://${domain}/`),
      host.map((domain) => `http://${domain}:5173/`),
      host.map((domain) => `https://app.example.com@${domain}/`),
      fc
        .tuple(fc.constantFrom('javascript', 'data', 'vbscript', 'file', 'ftp', 'blob', 'ws'), fc.string())
        .map(([scheme, rest]) => `${scheme}:${rest}`),
      fc
        .tuple(fc.constantFrom('\\', '\t', '\n', '\r', ' ', '\u0000', '\u00a0', '\u2028'), host)
        .map(([sep, domain]) => `/${sep}${domain}`),
      fc
        .tuple(fc.webUrl(), fc.constantFrom('user', 'a:b'))
        .map(([url, info]) => url.replace('://', `://${info}@`)),
    );
    fc.assert(
      fc.property(hostile, (value) => refused(value)),
      { numRuns: 300 },
    );
  }, 30_000);

  test('property: whatever it accepts is on an allowed origin', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath()), (value) => {
        try {
          const resolved = new URL(resolveRedirect(value, allowed));
          return allowed.includes(resolved.origin) && resolved.username === '' && resolved.password === '';
        } catch (error) {
          return error instanceof PlankitError;
        }
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  test('allowedOrigins must be bare origins', () => {
    expect(normalizeAllowedOrigins(['https://App.Example.com'])).toEqual(['https://app.example.com']);
    expect(() => normalizeAllowedOrigins([])).toThrow(/at least one/);
    expect(() => normalizeAllowedOrigins(['https://app.example.com/path'])).toThrow(/origin only/);
    expect(() => normalizeAllowedOrigins(['javascript:alert(1)'])).toThrow(/http or https/);
    expect(() => normalizeAllowedOrigins(['*'])).toThrow(/not a URL/);
  });
});
