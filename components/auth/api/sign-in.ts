import { authPost, type AuthOutcome } from './auth-fetch';

/** better-auth's email + password sign-in: sets the http-only session cookie on success. */
export const signIn = (email: string, password: string): Promise<AuthOutcome> =>
  authPost('/api/auth/sign-in/email', { email, password });

/** Ends this browser's session (better-auth deletes it from the store and clears the cookie). */
export const signOut = (): Promise<AuthOutcome> => authPost('/api/auth/sign-out');

/** What a failed sign-in tells the person at the form. */
export function signInError(outcome: Extract<AuthOutcome, { ok: false }>): string {
  if (outcome.status === 429) {
    const wait = outcome.retryAfterSec
      ? ` Try again in ${formatWait(outcome.retryAfterSec)}.`
      : ' Try again later.';
    return `Too many sign-in attempts.${wait}`;
  }
  if (outcome.status === 401 || outcome.code === 'INVALID_EMAIL_OR_PASSWORD')
    return 'Wrong email or password.';
  if (outcome.status === 0) return outcome.message;
  if (outcome.status === 403) return `The server refused this sign-in: ${outcome.message}`;
  if (outcome.status === 400) return `Check the email and password: ${outcome.message}`;
  return `Sign-in failed: ${outcome.message}`;
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} min`;
}
