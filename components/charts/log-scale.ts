/**
 * Ticks and domain for a log-scale axis (latency: p50 at 1 ms and p99 at 400 ms both stay readable).
 * Decades (1, 10, 100 …); on spans of two decades or less also 2 and 5 (1, 2, 5, 10 …). Values at or
 * below zero cannot sit on a log scale and are ignored.
 */
export function logAxis(
  values: Iterable<number | null | undefined>,
): { domain: [number, number]; ticks: number[] } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const value of values) {
    if (value === null || value === undefined || !(value > 0) || !Number.isFinite(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (max === 0) return null;
  const low = Math.floor(Math.log10(min));
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
  const steps = high - low <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent++) {
    for (const step of steps) {
      const tick = round(step * 10 ** exponent);
      if (tick <= round(10 ** high)) ticks.push(tick);
    }
  }
  return { domain: [round(10 ** low), round(10 ** high)], ticks };
}

/** 10 ** -1 is 0.1000000000000001 in floating point; ticks are labels, so keep them exact. */
function round(n: number): number {
  return Number(n.toPrecision(6));
}
