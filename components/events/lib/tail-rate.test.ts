import { describe, expect, it } from 'vitest';
import { rateAt, recordSample, type RateWindow } from './tail-rate';

/** Events arriving as the socket delivers them: `perFrame` every `everyMs`, from `from` to `to`. */
function flow(
  window: RateWindow | null,
  key: string,
  from: number,
  to: number,
  perFrame: number,
  everyMs = 100,
) {
  let received = window?.key === key ? (window.samples.at(-1)?.received ?? 0) : 0;
  let current = window;
  for (let at = from; at <= to; at += everyMs) {
    received += perFrame;
    current = recordSample(current, key, received, at);
  }
  return current!;
}

describe('live tail rate', () => {
  it('shows the rate within a second of the tail starting, not after a fixed 2 s interval', () => {
    let window = recordSample(null, 'a', 0, 0); // subscribed
    window = flow(window, 'a', 100, 600, 20); // 20 events every 100 ms: 200 ev/s
    expect(rateAt(window, 'a', 300)).toBeNull(); // too early to say
    expect(rateAt(window, 'a', 600)).toBeCloseTo(200, 0);
  });

  it('starts again on a new filter, with a figure as soon as the new tail has one', () => {
    let window = flow(recordSample(null, 'a', 0, 0), 'a', 100, 5_000, 20);
    expect(rateAt(window, 'a', 5_000)).toBeCloseTo(200, 0);
    // the filter changes at 5 s: the old tail's figure is not the new one's
    window = recordSample(window, 'b', 0, 5_000);
    expect(rateAt(window, 'b', 5_000)).toBeNull();
    window = flow(window, 'b', 5_100, 5_600, 5);
    expect(rateAt(window, 'b', 5_600)).toBeCloseTo(50, 0);
  });

  it('measures over the last 2 s, so a burst that stopped falls to 0', () => {
    let window = flow(recordSample(null, 'a', 0, 0), 'a', 100, 3_000, 20);
    expect(rateAt(window, 'a', 3_000)).toBeCloseTo(200, 0);
    expect(rateAt(window, 'a', 4_000)).toBeCloseTo(100, 0);
    window = recordSample(window, 'a', window.samples.at(-1)!.received, 5_500);
    expect(rateAt(window, 'a', 5_500)).toBe(0);
  });

  it('keeps a bounded window however long the tail runs', () => {
    const window = flow(recordSample(null, 'a', 0, 0), 'a', 100, 600_000, 1);
    expect(window.samples.length).toBeLessThanOrEqual(22);
    expect(rateAt(window, 'a', 600_000)).toBeCloseTo(10, 0);
  });
});
