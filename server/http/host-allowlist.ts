import { isLoopback } from '@/server/auth/access-setup';

export interface HostAllowlistOptions {
  /** The listen address (HOST). */
  host: string;
  /** EVENTLENS_PUBLIC_URL. */
  publicUrl?: string;
  /** EVENTLENS_ALLOWED_HOSTS, lower-case. */
  allowed?: readonly string[];
}

/** A Host header's name without its port; `[::1]:3000` -> `::1`. */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined);
  const colon = value.indexOf(':');
  // more than one colon without brackets is a bare IPv6 address, no port
  return colon >= 0 && colon === value.lastIndexOf(':') ? value.slice(0, colon) : value;
}

/**
 * Which Host names the server answers to: loopback names, HOST itself, EVENTLENS_PUBLIC_URL's host
 * and EVENTLENS_ALLOWED_HOSTS. A browser tricked by DNS rebinding (attacker.example resolving to this
 * machine) still sends the attacker's name, and gets a one-line refusal instead of the console.
 * Returns the reason to refuse, or null.
 */
export function hostAllowlist(options: HostAllowlistOptions): (host: string | undefined) => string | null {
  const names = new Set<string>([hostName(options.host), ...(options.allowed ?? []).map(hostName)]);
  if (options.publicUrl) names.add(new URL(options.publicUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase());
  // a wildcard listen address is no name anyone asks for
  names.delete('0.0.0.0');
  names.delete('::');
  return (host) => {
    if (!host) return 'a request needs a Host header';
    const name = hostName(host);
    if (isLoopback(name) || names.has(name)) return null;
    return `this server does not answer to the host name "${name.slice(0, 100)}"; add it to EVENTLENS_ALLOWED_HOSTS if it is yours`;
  };
}
