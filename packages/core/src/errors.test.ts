import { describe, expect, it } from 'vitest';
import { errorBody, errorCodeList, errorCodes, isErrorCode } from './errors';
import { errorBodySchema } from './schemas/error-body';

describe('error codes', () => {
  it('gives every code a 4xx or 5xx status and a sentence', () => {
    for (const code of errorCodeList) {
      const { status, message } = errorCodes[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(message, code).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('keeps the codes the issue names, with their statuses', () => {
    expect(errorCodes.unauthenticated.status).toBe(401);
    expect(errorCodes.forbidden_origin.status).toBe(403);
    expect(errorCodes.invalid_request.status).toBe(400);
    expect(errorCodes.already_subscribed.status).toBe(409);
    expect(errorCodes.subscription_not_found.status).toBe(404);
    expect(errorCodes.redirect_not_allowed.status).toBe(400);
    expect(errorCodes.rate_limited.status).toBe(429);
    expect(errorCodes.stripe_unavailable.status).toBe(503);
    expect(errorCodes.unsupported_media_type.status).toBe(415);
    for (const code of ['unknown_plan', 'mixed_currency', 'mixed_interval', 'too_many_items'] as const) {
      expect(errorCodes[code].status).toBe(400);
    }
  });

  it('only bad input and state conflicts are 4xx: nothing a caller can send maps to 500 but internal_error', () => {
    const fiveHundreds = errorCodeList.filter((code) => errorCodes[code].status === 500);
    expect(fiveHundreds).toEqual(['internal_error']);
  });

  it('recognizes codes and nothing else', () => {
    expect(isErrorCode('already_subscribed')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });

  it('builds bodies that match the schema, with the default message unless given', () => {
    const body = errorBody('unknown_plan');
    expect(body).toEqual({ error: { code: 'unknown_plan', message: errorCodes.unknown_plan.message } });
    expect(errorBodySchema.parse(body)).toEqual(body);
    const detailed = errorBody('invalid_request', 'Bad plan', { path: 'plan' });
    expect(detailed.error.details).toEqual({ path: 'plan' });
    expect(errorBodySchema.safeParse({ error: { code: 'nope', message: 'x' } }).success).toBe(false);
  });
});
