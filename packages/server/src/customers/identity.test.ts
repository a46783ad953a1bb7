import { describe, expect, test } from 'vitest';
import { PlankitError } from '../http/plankit-error';
import { checkIdentity } from './identity';

/** The error `checkIdentity` throws for a malformed identity, or null when it accepts it. */
function refusal(value: unknown): string | null {
  try {
    checkIdentity(value);
    return null;
  } catch (error) {
    return error instanceof PlankitError ? error.code : 'not a PlankitError';
  }
}

describe('checkIdentity (what identify() returned)', () => {
  test('no identity is a signed-out caller, not an error', () => {
    expect(checkIdentity(null)).toBeNull();
    expect(checkIdentity(undefined)).toBeNull();
  });

  test('keeps only the user id, email and name', () => {
    expect(checkIdentity({ userId: 'u1', email: 'u1@example.com', name: 'U', role: 'admin' })).toEqual({
      userId: 'u1',
      email: 'u1@example.com',
      name: 'U',
    });
    expect(checkIdentity({ userId: 'u1', email: '' })).toEqual({ userId: 'u1', email: '', name: undefined });
  });

  test('a user id of 1 to 200 characters and an email of up to 512 are accepted', () => {
    expect(refusal({ userId: 'u', email: '' })).toBeNull();
    expect(refusal({ userId: 'u'.repeat(200), email: 'e'.repeat(512) })).toBeNull();
  });

  test.each([
    ['a number as user id', { userId: 42, email: 'a@example.com' }],
    ['an empty user id', { userId: '', email: 'a@example.com' }],
    ['a 201-character user id', { userId: 'u'.repeat(201), email: 'a@example.com' }],
    ['no email', { userId: 'u1' }],
    ['a 513-character email', { userId: 'u1', email: 'e'.repeat(513) }],
    ['a name that is not text', { userId: 'u1', email: 'a@example.com', name: 7 }],
  ])('%s is an app bug: internal_error', (_, value) => {
    expect(refusal(value)).toBe('internal_error');
  });
});
