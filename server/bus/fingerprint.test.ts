import { describe, expect, it } from 'vitest';
import { fingerprintFailure, normaliseMessage, topApplicationFrame } from './fingerprint';

describe('normaliseMessage', () => {
  it.each([
    ['order 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b not found', 'order <uuid> not found'],
    ['retry after 800 ms (attempt 3 of 5)', 'retry after <n> ms (attempt <n> of <n>)'],
    ['connect ECONNREFUSED 10.0.3.21:8501', 'connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>'],
    ['user "alice" has no seat', 'user <str> has no seat'],
    ["can't find key 'k-1'", "can't find key <str>"],
    ['mail to ops@example.com bounced', 'mail to <email> bounced'],
    ['expired at 2025-03-01T10:00:00.123Z', 'expired at <time>'],
    ['object 5f2b9c0e1a7d4e6f is gone', 'object <hex> is gone'],
    ['bad pointer 0x7ffe12', 'bad pointer <hex>'],
    ['  two   spaces\nand lines ', 'two spaces and lines'],
  ])('%s', (message, pattern) => {
    expect(normaliseMessage(message)).toBe(pattern);
  });

  it('leaves words and identifiers with digits alone', () => {
    expect(normaliseMessage('v2 schema of http2 deadbeef')).toBe('v2 schema of http2 deadbeef');
  });
});

describe('topApplicationFrame', () => {
  const stack = [
    'DependencyError: geoip lookup failed',
    '    at FailureInjector.transient (/srv/app/server/demo/failures.ts:61:49)',
    '    at enrich (/srv/app/server/demo/enrich.ts:40:7)',
    '    at Subscription.handle (/srv/app/server/bus/consume.ts:200:11)',
  ].join('\n');

  it('takes the first application frame, relative to the root, without the column', () => {
    expect(topApplicationFrame(stack, '/srv/app')).toBe(
      'FailureInjector.transient (server/demo/failures.ts:61)',
    );
  });

  it('skips the runtime, dependencies and the SDK', () => {
    const deep = [
      'TypeError: x is not a function',
      '    at Subscription.handle (/srv/app/server/bus/consume.ts:200:11)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at Object.parse (/srv/app/node_modules/zod/lib/index.js:10:3)',
      '    at async chargeCard (/other/checkout/payments/src/charge.ts:42:9)',
    ].join('\n');
    expect(topApplicationFrame(deep, '/srv/app')).toBe('chargeCard (payments/src/charge.ts:42)');
  });

  it('handles anonymous frames and empty stacks', () => {
    expect(topApplicationFrame('Error: x\n    at /srv/app/jobs/run.ts:3:1', '/srv/app')).toBe(
      'jobs/run.ts:3',
    );
    expect(topApplicationFrame('', '/srv/app')).toBe('');
  });
});

describe('fingerprintFailure', () => {
  const base = {
    topic: 'orders',
    group: 'billing',
    errorName: 'NotFound',
    errorMessage: 'order 17 not found',
    errorStack: 'NotFound: order 17\n    at load (/srv/app/orders/load.ts:9:3)',
  };

  it('is stable across the variable parts of a message', () => {
    const a = fingerprintFailure(base, '/srv/app');
    const b = fingerprintFailure({ ...base, errorMessage: 'order 4242 not found' }, '/srv/app');
    expect(a).toEqual(b);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toMatchObject({ pattern: 'order <n> not found', frame: 'load (orders/load.ts:9)' });
  });

  it('differs by group, error name and frame', () => {
    const a = fingerprintFailure(base, '/srv/app').fingerprint;
    expect(fingerprintFailure({ ...base, group: 'shipping' }, '/srv/app').fingerprint).not.toBe(a);
    expect(fingerprintFailure({ ...base, errorName: 'Error' }, '/srv/app').fingerprint).not.toBe(a);
    expect(fingerprintFailure({ ...base, errorStack: '' }, '/srv/app').fingerprint).not.toBe(a);
  });
});
