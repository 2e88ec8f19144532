import { describe, expect, it } from 'vitest';
import type { MetricsBreakdown } from '@/server/contracts/metrics-breakdown';
import { firstRecordedStep, MIN_VISIBLE_STEPS, visibleWindow } from './visible-window';

const T = ['2025-03-01T12:00:00.000Z', '2025-03-01T12:00:10.000Z', '2025-03-01T12:00:20.000Z'];
const published = (values: number[][]): MetricsBreakdown => ({
  metric: 'published',
  scope: 'topic',
  range: '15m',
  resolution: '10s',
  stepSeconds: 10,
  from: T[0]!,
  to: '2025-03-01T12:00:30.000Z',
  t: T,
  series: values.map((v, i) => ({ key: `t${i}`, topic: `t${i}`, group: null, values: v, total: 1 })),
  omitted: 0,
  keys: values.map((_, i) => `t${i}`),
});

describe('firstRecordedStep', () => {
  it('finds the first step any topic published in', () => {
    expect(
      firstRecordedStep(
        published([
          [0, 0, 5],
          [0, 2, 0],
        ]),
      ),
    ).toBe(Date.parse(T[1]!));
  });

  it('is null when nothing was published or the range starts with data', () => {
    expect(firstRecordedStep(published([[0, 0, 0]]))).toBeNull();
    expect(firstRecordedStep(published([[1, 0, 0]]))).toBeNull();
    expect(firstRecordedStep(published([]))).toBeNull();
  });
});

describe('visibleWindow', () => {
  const hour = { fromMs: 0, toMs: 3_600_000, stepSeconds: 10 };

  it('keeps the whole range when recording began before it', () => {
    expect(visibleWindow(hour, null)).toEqual({ fromMs: 0, toMs: 3_600_000, recordedSince: null });
    expect(visibleWindow({ ...hour, fromMs: 100 }, 50)).toMatchObject({ fromMs: 100, recordedSince: null });
  });

  it('starts at the first recorded step', () => {
    expect(visibleWindow(hour, 1_800_000)).toEqual({
      fromMs: 1_800_000,
      toMs: 3_600_000,
      recordedSince: 1_800_000,
    });
  });

  it('keeps a minimum span so a minute of data is not stretched over the width', () => {
    const justStarted = visibleWindow(hour, 3_590_000);
    expect(justStarted.fromMs).toBe(3_600_000 - MIN_VISIBLE_STEPS * 10_000);
    // the caption still says when recording began, not where the axis starts
    expect(justStarted.recordedSince).toBe(3_590_000);
  });
});
