import { describe, expect, it } from 'vitest';
import { signInError } from './sign-in';

describe('signInError', () => {
  it('says what went wrong, and how long to wait when rate limited', () => {
    expect(signInError({ ok: false, status: 401, code: 'INVALID_EMAIL_OR_PASSWORD', message: 'x' })).toBe(
      'Wrong email or password.',
    );
    expect(
      signInError({ ok: false, status: 429, code: 'RATE_LIMITED', message: 'x', retryAfterSec: 42 }),
    ).toBe('Too many sign-in attempts. Try again in 42 s.');
    expect(
      signInError({ ok: false, status: 429, code: 'RATE_LIMITED', message: 'x', retryAfterSec: 600 }),
    ).toBe('Too many sign-in attempts. Try again in 10 min.');
    expect(signInError({ ok: false, status: 429, code: 'RATE_LIMITED', message: 'x' })).toBe(
      'Too many sign-in attempts. Try again later.',
    );
    expect(
      signInError({
        ok: false,
        status: 0,
        code: 'NETWORK_ERROR',
        message: 'The EventLens server did not answer.',
      }),
    ).toBe('The EventLens server did not answer.');
  });
});
