import type { IncomingMessage } from 'node:http';
import type { SocketPrincipal } from '@/server/contracts/live';
import type { LiveServer, LiveSocket } from './socket-server';

/**
 * Who may hold a socket: the composition root (server/edge-guards.ts) supplies the checks, so this layer
 * needs neither the authenticator nor the HTTP origin rules, only their answers.
 */
export interface SocketGuard {
  /** Null when a handshake request may go on (its Origin and Host); else a one-line reason. */
  refuseRequest(req: IncomingMessage): string | null;
  /** The client's address for the per-address cap (behind a trusted proxy, from X-Forwarded-For). */
  clientAddress(req: IncomingMessage): string;
  /** The principal of these credentials (cookie, Authorization), or null; goes through the authenticator's cache. */
  authenticate(headers: Headers): Promise<SocketPrincipal | null>;
  /** Sockets one peer address may hold; one more is refused. */
  maxPerIp: number;
  /** Sockets one user may hold (tokens count for their owner). */
  maxPerUser: number;
  /** How often every socket's credentials are checked again (revoked session, lowered role). */
  recheckMs: number;
}

export const DEFAULT_SOCKETS_PER_IP = 1_000;
export const DEFAULT_SOCKETS_PER_USER = 100;
/** With the authenticator's 2 s cache, a revocation cuts a socket within 4 s. */
export const DEFAULT_RECHECK_MS = 2_000;

/** A socket's credentials as headers: its handshake's cookie and Authorization, or socket.io's `auth.token`. */
export function socketCredentials(socket: LiveSocket): Headers {
  const headers = new Headers();
  const { cookie, authorization } = socket.handshake.headers;
  if (typeof cookie === 'string') headers.set('cookie', cookie);
  const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof authorization === 'string') headers.set('authorization', authorization);
  else if (typeof token === 'string' && token !== '') headers.set('authorization', `Bearer ${token}`);
  return headers;
}

/** Counts held sockets per key; `take` refuses beyond `max`. */
class Tally {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max: number) {}
  take(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(key, count + 1);
    return true;
  }
  give(key: string): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }
}

class RefusedError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'TOO_MANY_SOCKETS' | 'UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
  /** socket.io sends `data` to the client's connect_error. */
  get data(): { code: string } {
    return { code: this.code };
  }
}

/**
 * The handshake middleware (authenticate, caps per IP and per user, the principal on the socket) and
 * the revocation sweep. Returns the sweep's stopper.
 */
export function guardSockets(io: LiveServer, guard: SocketGuard): () => void {
  const perIp = new Tally(guard.maxPerIp);
  const perUser = new Tally(guard.maxPerUser);
  io.use((socket, next) => {
    const ip = guard.clientAddress(socket.request);
    if (!perIp.take(ip)) {
      next(new RefusedError('TOO_MANY_SOCKETS', `this address holds ${guard.maxPerIp} sockets already`));
      return;
    }
    let principal: SocketPrincipal | null;
    guard.authenticate(socketCredentials(socket)).then(
      (found) => {
        principal = found;
        if (!principal) {
          perIp.give(ip);
          next(new RefusedError('UNAUTHENTICATED', 'sign in, or pass an API token as auth.token'));
          return;
        }
        if (!perUser.take(principal.userId)) {
          perIp.give(ip);
          next(new RefusedError('TOO_MANY_SOCKETS', `this user holds ${guard.maxPerUser} sockets already`));
          return;
        }
        const userId = principal.userId;
        socket.data.principal = principal;
        socket.data.connectedAt = Date.now();
        socket.once('disconnect', () => {
          perIp.give(ip);
          perUser.give(userId);
        });
        next();
      },
      () => {
        perIp.give(ip);
        next(new RefusedError('UNAVAILABLE', 'cannot check credentials right now; retry'));
      },
    );
  });

  let sweeping = false;
  const sweep = async (): Promise<void> => {
    if (sweeping) return;
    sweeping = true;
    try {
      await Promise.all(
        [...io.of('/').sockets.values()].map(async (socket) => {
          let now: SocketPrincipal | null;
          try {
            now = await guard.authenticate(socketCredentials(socket));
          } catch {
            return; // the store is unreachable: judged again on the next sweep
          }
          const held = socket.data.principal;
          if (!now || now.userId !== held.userId) {
            socket.disconnect(true);
            return;
          }
          // a changed role re-scopes what the socket's next frames show
          if (now.role !== held.role) socket.data.principal = now;
        }),
      );
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), guard.recheckMs);
  timer.unref();
  return () => clearInterval(timer);
}
