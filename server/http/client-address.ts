import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** Whether a hop (the direct peer, then each X-Forwarded-For entry from the right) is a trusted proxy. */
export type TrustedProxies = (address: string, hop: number) => boolean;

/**
 * Compiles EVENTLENS_TRUSTED_PROXIES (IPs, CIDRs, or proxy-addr's names loopback, linklocal,
 * uniquelocal); throws a TypeError on an entry it cannot parse. An empty list trusts no one.
 */
export const trustedProxies = (entries: readonly string[]): TrustedProxies => proxyAddr.compile([...entries]);

/**
 * The client's address: the direct peer unless it is a trusted proxy, then the rightmost
 * X-Forwarded-For hop that is not one (hops left of it could be written by the client itself).
 */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  // a socket closed before the request is read has no address; proxy-addr then answers undefined
  return (proxyAddr(req, trusted) as string | undefined) ?? req.socket.remoteAddress ?? '';
}
