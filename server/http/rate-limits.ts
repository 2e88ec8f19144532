import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** How much of what one caller may do per window; env in server/env.ts, defaults below. */
export interface RateLimitSettings {
  /** Sign-in attempts per client IP per window. */
  signInPerIp: number;
  /** Sign-in attempts per account (email) per window, from any IP. */
  signInPerAccount: number;
  signInWindowS: number;
  /** State-changing API calls (route() POST/PUT/PATCH/DELETE) per user per window. */
  mutationsPerUser: number;
  mutationsWindowS: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimitSettings> = Object.freeze({
  signInPerIp: 30,
  signInPerAccount: 10,
  signInWindowS: 15 * 60,
  mutationsPerUser: 300,
  mutationsWindowS: 60,
});

/** Each check answers null (go on) or the seconds to wait (429 with Retry-After). */
export interface RateLimits {
  signIn(ip: string, email: string | null): Promise<number | null>;
  /** A successful sign-in clears the account's count (its owner is not locked out by an attacker's tries once in). */
  signedIn(email: string): Promise<void>;
  mutation(userId: string): Promise<number | null>;
}

/**
 * Counters in Redis (every server instance shares them), each insured by an in-memory limiter that
 * takes over while Redis is down: sign-in stays limited per process rather than open.
 */
export function createRateLimits(redis: Redis, prefix: string, settings: RateLimitSettings): RateLimits {
  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rate:${name}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration }),
    });
  const perIp = limiter('sign-in-ip', settings.signInPerIp, settings.signInWindowS);
  const perAccount = limiter('sign-in-account', settings.signInPerAccount, settings.signInWindowS);
  const mutations = limiter('mutations', settings.mutationsPerUser, settings.mutationsWindowS);
  return {
    signIn: async (ip, email) => {
      const waits = await Promise.all([
        consume(perIp, ip || 'unknown'),
        email ? consume(perAccount, email.trim().toLowerCase()) : null,
      ]);
      const wait = Math.max(...waits.map((w) => w ?? 0));
      return wait > 0 ? wait : null;
    },
    signedIn: async (email) => {
      await perAccount.delete(email.trim().toLowerCase()).catch(() => undefined);
    },
    mutation: (userId) => consume(mutations, userId),
  };
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
