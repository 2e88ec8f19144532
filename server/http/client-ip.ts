/**
 * The client address (the peer, or X-Forwarded-For's hop behind a trusted proxy): set by server/app.ts
 * on every request over any value the client sent, so a route can trust it (routes see only a Request).
 */
export const CLIENT_IP_HEADER = 'x-eventlens-client-ip';

export const clientIp = (headers: Headers): string | null => headers.get(CLIENT_IP_HEADER);
