/** Least-squares straight line through lag samples: how fast the lag shrinks and how sure that is. */

export interface LagPoint {
  /** Epoch ms. */
  atMs: number;
  lag: number;
}

export interface LineFit {
  samples: number;
  spanSeconds: number;
  /** Entries per second the lag shrinks by: minus the fitted slope. */
  drainPerSec: number;
  /** Standard error of the slope; 0 when every sample lies on the line. */
  drainErrorPerSec: number;
  /** Share of the variance the line explains; null when the lag did not vary. */
  r2: number | null;
  /** Degrees of freedom of the residuals (samples − 2). */
  dof: number;
}

/** A slope needs three samples for an error estimate; four make it worth a verdict. */
export const MIN_FIT_SAMPLES = 4;
/** Samples closer together than this span say nothing about a trend. */
export const MIN_FIT_SPAN_SECONDS = 30;

/** Fits lag against time; null with fewer than MIN_FIT_SAMPLES or a span under MIN_FIT_SPAN_SECONDS. */
export function fitLine(points: readonly LagPoint[]): LineFit | null {
  const n = points.length;
  if (n < MIN_FIT_SAMPLES) return null;
  const first = points[0]!.atMs;
  const xs = points.map((p) => (p.atMs - first) / 1000);
  const ys = points.map((p) => p.lag);
  const span = Math.max(...xs) - Math.min(...xs);
  if (span < MIN_FIT_SPAN_SECONDS) return null;
  const meanX = mean(xs);
  const meanY = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const sse = Math.max(0, syy - slope * sxy);
  const dof = n - 2;
  return {
    samples: n,
    spanSeconds: span,
    drainPerSec: -slope + 0,
    drainErrorPerSec: Math.sqrt(sse / dof / sxx),
    r2: syy === 0 ? null : Math.min(1, Math.max(0, 1 - sse / syy)),
    dof,
  };
}

/**
 * Two-sided Student t quantiles by degrees of freedom (index 0 is one degree): 95 % and 68 % (one
 * standard error); past the table the normal distribution's.
 */
const T95 = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13];
const T68 = [1.84, 1.32, 1.2, 1.14, 1.11, 1.09, 1.08, 1.07, 1.06, 1.05, 1.05, 1.04, 1.04, 1.04, 1.03];

export const tQuantile = (level: 'sure' | 'likely', dof: number): number => {
  const table = level === 'sure' ? T95 : T68;
  return table[Math.max(0, dof - 1)] ?? (level === 'sure' ? 1.96 : 1);
};

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
