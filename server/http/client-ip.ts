/**
 * The peer address, as the HTTP server saw it: set by server/app.ts on every request after removing
 * any value the client sent, so a route can trust it (route handlers see only a Request).
 */
export const CLIENT_IP_HEADER = 'x-eventlens-client-ip';

export const clientIp = (headers: Headers): string | null => headers.get(CLIENT_IP_HEADER);
