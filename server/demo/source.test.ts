import { describe, expect, it } from 'vitest';
import { startTicker } from './source';

describe('demo source ticker', () => {
  it('emits the configured rate in batches, one at a time, and stops after the running batch', async () => {
    const batches: number[] = [];
    let running = 0;
    let overlapped = false;
    const ticker = startTicker({
      ratePerSec: 500,
      emit: async (count) => {
        overlapped ||= running > 0;
        running += 1;
        batches.push(count);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
      },
      onError: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await ticker.stop();
    const total = batches.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(400);
    expect(total).toBeLessThanOrEqual(510);
    expect(batches.length).toBeGreaterThan(5);
    expect(overlapped).toBe(false);
    expect(running).toBe(0);
    const after = batches.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(batches.length).toBe(after);
  });
});
