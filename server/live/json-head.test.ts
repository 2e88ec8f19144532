import { describe, expect, it } from 'vitest';
import { cutHead } from '@/server/contracts/payload';
import { jsonHead } from './json-head';

describe('jsonHead', () => {
  const values: unknown[] = [
    null,
    42,
    'plain',
    'é"\\\n😀'.repeat(100),
    [1, 'two', { three: [3] }, null, true],
    { b: 1, a: 'x'.repeat(1_000), 2: 'int key first', nested: { deep: [{ k: 'v' }] } },
    { rows: Array.from({ length: 500 }, (_, i) => ({ i, s: `s${i}`, f: i / 3 })) },
    JSON.parse('{"\\u0000odd":"\\ud800 lone"}'),
  ];

  it('is the cut of JSON.stringify, for any budget', () => {
    for (const value of values) {
      const json = JSON.stringify(value);
      for (const budget of [0, 1, 5, 64, 240, 1_000, 100_000]) {
        expect(jsonHead(value, budget), `${json.slice(0, 40)} @ ${budget}`).toEqual(
          cutHead(json.slice(0, budget + 1), budget),
        );
      }
    }
  });

  it('does not walk past the budget', () => {
    let reads = 0;
    const rows = new Proxy(
      Array.from({ length: 1_000_000 }, (_, i) => i),
      {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
          return Reflect.get(target, key, receiver) as unknown;
        },
      },
    );
    const head = jsonHead({ blob: 'x'.repeat(1_000), rows }, 2_000);
    expect(head.truncated).toBe(true);
    expect(head.text.startsWith(`{"blob":"${'x'.repeat(1_000)}","rows":[0,1,2,`)).toBe(true);
    expect(reads).toBeLessThan(400);
  });
});
