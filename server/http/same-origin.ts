/**
 * Same-origin rules shared by route() (CSRF) and the socket handshake (cross-site WebSocket hijacking):
 * a browser names the page that sent a request in `Origin`; this server answers as the origin in
 * EVENTLENS_PUBLIC_URL, or as whatever Host the request came to.
 */
export function isSameOrigin(origin: string, host: string | null, publicOrigin: string | undefined): boolean {
  if (origin === 'null') return false; // sandboxed frames, file:, some redirects: never ours
  if (publicOrigin && origin === publicOrigin) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return host !== null && parsed.host.toLowerCase() === host.toLowerCase();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request may be a cross-site forgery, or null. Safe methods pass (they change
 * nothing); so does a request carrying a bearer token and no cookie (a script: a browser never adds
 * an Authorization header to a cross-site form). Otherwise the request must come from this console:
 * `Sec-Fetch-Site: same-origin`, or an `Origin` naming this server.
 */
export function crossSiteProblem(request: Request, publicOrigin: string | undefined): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const headers = request.headers;
  if (headers.has('authorization') && !headers.has('cookie')) return null;
  const origin = headers.get('origin');
  if (origin === 'null') return 'a request from an opaque origin (Origin: null) may not change anything';
  if (headers.get('sec-fetch-site') === 'same-origin') return null;
  const host = headers.get('host') ?? new URL(request.url).host;
  if (origin !== null) {
    return isSameOrigin(origin, host, publicOrigin)
      ? null
      : `a request from ${origin.slice(0, 200)} may not change anything here`;
  }
  return 'a state-changing request needs an Origin header of this console, or an API token';
}
