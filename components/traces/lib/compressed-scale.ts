/**
 * A time scale for the waterfall where long idle gaps (a retry's backoff, a queue that waited an hour)
 * do not stretch the chart: busy time keeps its proportions, and every gap between busy spans that is
 * longer than a threshold is drawn at one fixed width, marked as a break. Pure; positions are fractions
 * of the chart's width (0..1), so the component only multiplies.
 */

export interface Interval {
  /** Milliseconds on any common origin (the trace's start). */
  start: number;
  end: number;
}

export interface ScaleBreak {
  fromMs: number;
  toMs: number;
  /** Where the break is drawn, as fractions of the width. */
  x0: number;
  x1: number;
}

export interface CompressedScale {
  /** The earliest start and the latest end of the intervals (0, 0 when there were none). */
  domain: readonly [number, number];
  /** Gaps drawn compressed, in time order. */
  breaks: readonly ScaleBreak[];
  /** The gap length above which a gap was compressed. */
  thresholdMs: number;
  /** Where a time falls, as a fraction of the width (clamped to the domain). */
  x(ms: number): number;
}

export interface CompressedScaleOptions {
  /**
   * Gaps longer than this are compressed. Default: the largest of 100 ms, a quarter of the busy time
   * and a twentieth of the whole span, so only the gaps that would dominate the chart break it.
   */
  gapThresholdMs?: number;
  /** The width of one break as a fraction of the chart. Default 0.06; all breaks together take at most half. */
  breakWidth?: number;
}

interface Piece {
  fromMs: number;
  toMs: number;
  x0: number;
  x1: number;
}

const MIN_THRESHOLD_MS = 100;
const DEFAULT_BREAK_WIDTH = 0.06;
const MAX_BREAKS_SHARE = 0.5;

export function compressedScale(
  intervals: readonly Interval[],
  options: CompressedScaleOptions = {},
): CompressedScale {
  const merged = mergeIntervals(intervals);
  if (merged.length === 0) {
    return { domain: [0, 0], breaks: [], thresholdMs: MIN_THRESHOLD_MS, x: () => 0 };
  }
  const busyMs = merged.reduce((sum, span) => sum + (span.end - span.start), 0);
  const spanMs = merged.at(-1)!.end - merged[0]!.start;
  const thresholdMs = options.gapThresholdMs ?? Math.max(MIN_THRESHOLD_MS, busyMs / 4, spanMs / 20);

  // the timeline as alternating pieces: busy spans and the gaps between them
  const pieces: { fromMs: number; toMs: number; compressed: boolean }[] = [];
  for (const [index, span] of merged.entries()) {
    const previous = merged[index - 1];
    if (previous) {
      const gap = span.start - previous.end;
      pieces.push({ fromMs: previous.end, toMs: span.start, compressed: gap > thresholdMs });
    }
    pieces.push({ fromMs: span.start, toMs: span.end, compressed: false });
  }
  const linearMs = pieces.reduce((sum, p) => sum + (p.compressed ? 0 : p.toMs - p.fromMs), 0);
  const breakCount = pieces.filter((p) => p.compressed).length;
  const breakWidth =
    breakCount === 0
      ? 0
      : linearMs === 0
        ? 1 / breakCount // only points between the gaps: the breaks are the whole chart
        : Math.min(options.breakWidth ?? DEFAULT_BREAK_WIDTH, MAX_BREAKS_SHARE / breakCount);
  const linearWidth = 1 - breakCount * breakWidth;

  const placed: Piece[] = [];
  const breaks: ScaleBreak[] = [];
  let x = 0;
  for (const piece of pieces) {
    const width = piece.compressed
      ? breakWidth
      : linearMs === 0
        ? 0
        : ((piece.toMs - piece.fromMs) / linearMs) * linearWidth;
    const next = { fromMs: piece.fromMs, toMs: piece.toMs, x0: x, x1: x + width };
    placed.push(next);
    if (piece.compressed) breaks.push(next);
    x += width;
  }
  const domain = [merged[0]!.start, merged.at(-1)!.end] as const;

  return {
    domain,
    breaks,
    thresholdMs,
    x: (ms) => {
      if (!Number.isFinite(ms) || ms <= domain[0]) return 0;
      if (ms >= domain[1]) return domain[1] === domain[0] ? 0 : 1;
      const piece = placed[findPiece(placed, ms)]!;
      const span = piece.toMs - piece.fromMs;
      return span === 0 ? piece.x0 : piece.x0 + ((ms - piece.fromMs) / span) * (piece.x1 - piece.x0);
    },
  };
}

/** Sorted, overlapping or touching intervals joined; bad ones (NaN, reversed) dropped or turned round. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter((i) => Number.isFinite(i.start) && Number.isFinite(i.end))
    .map((i) => (i.start <= i.end ? { start: i.start, end: i.end } : { start: i.end, end: i.start }))
    .sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const interval of sorted) {
    const last = out.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else out.push(interval);
  }
  return out;
}

/** The last piece starting at or before `ms` (binary search: 10,000 rows call this per render). */
function findPiece(pieces: readonly Piece[], ms: number): number {
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (pieces[mid]!.fromMs <= ms) low = mid;
    else high = mid - 1;
  }
  return low;
}

export interface AxisLabel {
  /** Fraction of the width where the label is centred (or starts, for the first; ends, for the last). */
  x: number;
  text: string;
  align: 'start' | 'middle' | 'end';
}

/**
 * Labels that fit without overlapping on an axis `widthPx` wide: the domain's ends first, then the
 * breaks, longest gap first. `measure` gives a label's width in px (about 6.5 px a character by default).
 */
export function fitAxisLabels(
  candidates: readonly AxisLabel[],
  widthPx: number,
  measure: (text: string) => number = (text) => text.length * 6.5 + 8,
): AxisLabel[] {
  const placed: { from: number; to: number; label: AxisLabel }[] = [];
  for (const label of candidates) {
    const w = measure(label.text);
    const at = label.x * widthPx;
    const from = label.align === 'start' ? at : label.align === 'end' ? at - w : at - w / 2;
    const to = from + w;
    if (from < 0 || to > widthPx) continue;
    if (placed.some((other) => from < other.to && other.from < to)) continue;
    placed.push({ from, to, label });
  }
  return placed.map((item) => item.label).sort((a, b) => a.x - b.x);
}
