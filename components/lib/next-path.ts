/**
 * Where to go after signing in: a path on this server only. Anything else (another origin, a
 * protocol-relative `//host`, a backslash some browsers read as a slash, the sign-in page itself) falls
 * back to the overview, so a crafted link cannot bounce a fresh session to a foreign site.
 */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  // control characters are never part of a path we built; refuse rather than guess
  if (/[\u0000-\u001f\u007f]/.test(value)) return '/';
  if (value === '/sign-in' || value.startsWith('/sign-in?') || value.startsWith('/sign-in/')) return '/';
  return value;
}

/** The sign-in page's address, coming back to `next` afterwards. */
export const signInPath = (next: string): string => {
  const safe = safeNextPath(next);
  return safe === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(safe)}`;
};
