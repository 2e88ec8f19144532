import { describe, expect, it } from 'vitest';
import { MAX_BREAKDOWN_SERIES } from '@/server/contracts/metrics-breakdown';
import { groupOptions } from './group-options';

describe('group picker options', () => {
  it('offers every group the breakdown names, past the charted top 50', () => {
    const keys = Array.from(
      { length: MAX_BREAKDOWN_SERIES + 20 },
      (_, i) => `orders/g${String(i).padStart(3, '0')}`,
    );
    const options = groupOptions({ keys });
    expect(options).toHaveLength(MAX_BREAKDOWN_SERIES + 20);
    expect(options.at(-1)).toEqual({ value: 'orders/g069', label: 'g069 · orders' });
  });

  it('labels groups as the charts do and sorts them by label; nothing before the answer', () => {
    expect(groupOptions({ keys: ['payments/audit', 'orders/billing'] })).toEqual([
      { value: 'payments/audit', label: 'audit · payments' },
      { value: 'orders/billing', label: 'billing · orders' },
    ]);
    expect(groupOptions(undefined)).toEqual([]);
  });
});
