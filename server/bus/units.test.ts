import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { decodeEntry } from './codec';
import { childTraceparent, formatSequence } from './envelope';
import { createKeys } from './keys';
import { backoffMs, DEFAULT_RETRY } from './retry';
import { matchesPattern, trimArgs } from './topics';

describe('keys', () => {
  const keys = createKeys('el');
  it('hash-tags every key of a topic with the topic', () => {
    for (const key of [
      keys.stream('threat.alerts'),
      keys.deadLetters('threat.alerts'),
      keys.failures('threat.alerts', 'g'),
    ]) {
      expect(key).toContain('{threat.alerts}');
    }
  });
  it('tells topic streams from internal keys', () => {
    expect(keys.topicOf(keys.stream('a.b'))).toBe('a.b');
    expect(keys.topicOf(keys.deadLetters('a.b'))).toBeNull();
    expect(keys.isInternal(keys.telemetry())).toBe(true);
    expect(keys.isInternal(keys.stream('a'))).toBe(false);
    expect(keys.isInternal('orders')).toBe(false);
  });
});

describe('retry backoff', () => {
  it('grows exponentially with equal jitter, capped', () => {
    const policy = { ...DEFAULT_RETRY, baseMs: 100, multiplier: 2, maxMs: 1_000, jitter: 0.5 };
    expect(backoffMs(policy, 1, () => 0)).toBe(50);
    expect(backoffMs(policy, 1, () => 1)).toBe(100);
    expect(backoffMs(policy, 3, () => 1)).toBe(400);
    expect(backoffMs(policy, 10, () => 1)).toBe(1_000);
    expect(backoffMs(policy, 10, () => 0)).toBe(500);
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, half-opens after the cooldown, closes on success', () => {
    let now = 0;
    const states: string[] = [];
    const breaker = new CircuitBreaker(
      { failureThreshold: 2, cooldownMs: 100 },
      () => now,
      (s) => states.push(s),
    );
    breaker.failure();
    expect(breaker.allowance(10)).toBe(10);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.allowance(10)).toBe(0);
    now = 100;
    expect(breaker.allowance(10)).toBe(1);
    breaker.failure();
    expect(breaker.state).toBe('open');
    now = 250;
    expect(breaker.state).toBe('half-open');
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });
});

describe('topics', () => {
  it('matches wildcard patterns', () => {
    expect(matchesPattern('threat.*', 'threat.alerts')).toBe(true);
    expect(matchesPattern('threat.*', 'threatalerts')).toBe(false);
    expect(matchesPattern('*', 'anything')).toBe(true);
    expect(matchesPattern('a.b', 'a.b')).toBe(true);
    expect(matchesPattern('a.b', 'axb')).toBe(false);
  });
  it('builds trimming arguments', () => {
    expect(trimArgs({ maxLen: 1000 })).toEqual(['MAXLEN', '~', '1000']);
    expect(trimArgs({ maxAgeMs: 60_000 }, 100_000)).toEqual(['MINID', '~', '40000-0']);
  });
});

describe('envelope helpers', () => {
  it('continues a trace with a new span', () => {
    const root = childTraceparent(undefined);
    const child = childTraceparent(root);
    expect(child.slice(3, 35)).toBe(root.slice(3, 35));
    expect(child.slice(36, 52)).not.toBe(root.slice(36, 52));
  });
  it('formats sequences to sort as strings', () => {
    expect(formatSequence(9) < formatSequence(10)).toBe(true);
  });
});

describe('decodeEntry', () => {
  it('explains why an entry is not an envelope', () => {
    expect(decodeEntry(['event', '{"specversion":"0.3"}'])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/specversion/),
    });
    expect(decodeEntry(['type', 'x'])).toMatchObject({ ok: false, fields: { type: 'x' } });
  });
});
