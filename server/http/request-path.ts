/**
 * The path and query a page was requested with: set by server/app.ts on every request (replacing any
 * value the client sent), so the console's layout can send an unauthenticated browser to
 * /sign-in?next=<here> (Next gives layouts no URL).
 */
export const REQUEST_PATH_HEADER = 'x-eventlens-path';
