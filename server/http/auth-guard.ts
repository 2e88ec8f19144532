import { clientIp } from './client-ip';
import type { AppContext } from './context';
import { errorResponse, errorToResponse } from './errors';
import { crossSiteProblem } from './same-origin';

const SIGN_IN = /\/sign-in\/[^/]+$/;
const SIGN_OUT = /\/sign-out$/;
/** A sign-in body is a few fields; anything larger is not one (and is not read whole to find the email). */
const MAX_SIGN_IN_BYTES = 16 * 1024;

/**
 * In front of better-auth's handler: refuses cross-site state changes like route() does, and counts
 * sign-in attempts per client IP and per account (the body's email) before better-auth sees them.
 */
export async function guardAuthRequest(ctx: AppContext, request: Request): Promise<Response> {
  const forged = crossSiteProblem(request, ctx.publicOrigin);
  if (forged) return errorResponse(403, 'CROSS_SITE', forged);
  const path = new URL(request.url).pathname;
  if (request.method === 'POST' && SIGN_OUT.test(path)) return signOut(ctx, request);
  if (request.method !== 'POST' || !SIGN_IN.test(path)) return ctx.auth.handler(request);
  const text = await request.text();
  if (text.length > MAX_SIGN_IN_BYTES)
    return errorResponse(413, 'PAYLOAD_TOO_LARGE', 'a sign-in body is small');
  const email = emailOf(text);
  let waitS: number | null;
  try {
    waitS = await ctx.limits.signIn(clientIp(request.headers) ?? '', email);
  } catch (error) {
    return errorToResponse(error).response;
  }
  if (waitS !== null) {
    const response = errorResponse(
      429,
      'TOO_MANY_REQUESTS',
      `too many sign-in attempts; retry in ${waitS} s`,
    );
    response.headers.set('retry-after', String(waitS));
    return response;
  }
  const response = await ctx.auth.handler(
    new Request(request.url, { method: 'POST', headers: request.headers, body: text }),
  );
  if (response.ok && email) await ctx.limits.signedIn(email);
  return response;
}

/**
 * better-auth deletes the session row; the authenticator's cache would still let the cookie in for
 * its last seconds, so this process forgets the session once the sign-out succeeded.
 */
async function signOut(ctx: AppContext, request: Request): Promise<Response> {
  const cookie = request.headers.get('cookie');
  let sessionId: string | undefined;
  try {
    sessionId = cookie ? (await ctx.authenticate(new Headers({ cookie })))?.sessionId : undefined;
  } catch (error) {
    return errorToResponse(error).response;
  }
  const response = await ctx.auth.handler(request);
  if (response.ok && sessionId) ctx.authenticate.forget({ sessionId });
  return response;
}

function emailOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const email = (parsed as { email?: unknown } | null)?.email;
    return typeof email === 'string' && email.length <= 320 ? email : null;
  } catch {
    // better-auth takes forms too
    const email = new URLSearchParams(body).get('email');
    return email && email.length <= 320 ? email : null;
  }
}
