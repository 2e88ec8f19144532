import { randomBytes } from 'node:crypto';

/** A fresh nonce per response: 128 random bits. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * The Content-Security-Policy of every response. Scripts run only with this response's nonce (Next
 * puts it on its own scripts when it finds the policy on the request; app/layout.tsx on the theme
 * init script) and what those load ('strict-dynamic'). Dev mode's React refresh evaluates code.
 * Styles allow inline: React's style attributes and the UI kit's are not nonce-able.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // the flow graph's layout worker: a script of our own origin, which 'strict-dynamic' alone refuses
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The nonce in a policy built above (Next's own reading of it is the same), or undefined. */
export function nonceOf(policy: string | null | undefined): string | undefined {
  return policy ? /'nonce-([^']+)'/.exec(policy)?.[1] : undefined;
}

/** The headers every response carries besides the policy. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
});
