/**
 * `bench:replay`'s arithmetic on the live samples: which spans the job sent in and which it was paused
 * in, the live latencies of each, the replay rate, and how far the p99 delta can be trusted.
 *
 * The interval: a live p99 over a minute of samples rests on rare stalls that come in clusters (one
 * stall delays the few dozen events behind it), so two runs of the same code differ by several points.
 * The interval resamples whole phases (the unit within which samples are not independent), running and
 * paused alike, with replacement, and reports the 5th and 95th percentile of the resampled deltas. The
 * resampling counts latencies in 10 µs bins, so its p99s are a bin's edge, not a sample.
 */

import { median, percentile } from './support';

export type Span = readonly [from: number, to: number];

/** Live events this close to a phase's edge belong to neither side (the runner stops and starts). */
export const EDGE_MS = 300;

/** Live latencies (ms) of events handled within any of the spans, ascending. */
export function liveLatencies(flat: readonly number[], spans: readonly Span[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const at = flat[i]!;
    if (spans.some(([from, to]) => at >= from && at <= to)) out.push(flat[i + 1]!);
  }
  return out.sort((a, b) => a - b);
}

/**
 * The spans in which the job was sending, from the replayed entries' times: a pause shows as a gap far
 * longer than the pace's own. Each span is trimmed at both ends (the runner starting and stopping).
 */
export function runningSpans(times: readonly number[]): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 1; i <= times.length; i++) {
    if (i < times.length && times[i]! - times[i - 1]! < EDGE_MS) continue;
    const from = times[start]!;
    const to = times[i - 1]!;
    if (to - from > 2 * EDGE_MS) spans.push([from + EDGE_MS, to - EDGE_MS]);
    start = i;
  }
  return spans;
}

/** The quiet spans between running ones, each kept EDGE_MS clear of the sending on both sides. */
export function gapsBetween(running: readonly Span[]): Span[] {
  const gaps: Span[] = [];
  for (let i = 1; i < running.length; i++) {
    const from = running[i - 1]![1] + 2 * EDGE_MS;
    const to = running[i]![0] - 2 * EDGE_MS;
    if (to - from > EDGE_MS) gaps.push([from, to]);
  }
  return gaps;
}

/** Replays per second while running: the pauses do not count against the pace. */
export function runningRate(times: readonly number[], running: readonly Span[]): number {
  let count = 0;
  let ms = 0;
  for (const [from, to] of running) {
    count += times.filter((t) => t >= from && t <= to).length;
    ms += to - from;
  }
  return ms > 0 ? (count * 1000) / ms : 0;
}

/** The most entries in any `windowMs` window of the ascending times. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** A paused phase this far or farther from a running one is not its neighbour (another job, a gap). */
const NEIGHBOUR_MS = 5_000;

export interface PairedDelta {
  /** The median over cycles of (running p99 − its neighbours' p99) / its neighbours' p99, in %. */
  medianPct: number;
  /** The 5th and 95th percentile of that median over resampled cycles. */
  interval90Pct: [low: number, high: number];
  cycles: number;
}

/**
 * A second reading of the delta that a stall of the machine itself cannot carry: each running phase
 * against the paused phases on either side of it (the same few seconds), the median of those deltas,
 * and its 90 % interval from resampling the cycles. The pooled delta above rests on the slowest 1 % of
 * all samples of each side, so one host stall in one phase moves the whole side; here it moves one
 * cycle of many. It is printed beside the pooled figure, which stays the definition.
 */
export function pairedP99Delta(
  flat: readonly number[],
  running: readonly Span[],
  paused: readonly Span[],
  iterations = 1_000,
): PairedDelta | null {
  const deltas: number[] = [];
  for (const span of running) {
    const before = paused.filter(([, to]) => to <= span[0] && span[0] - to < NEIGHBOUR_MS).at(-1);
    const after = paused.find(([from]) => from >= span[1] && from - span[1] < NEIGHBOUR_MS);
    const neighbours = [before, after].filter((side): side is Span => side !== undefined);
    if (neighbours.length === 0) continue;
    const during = percentile(liveLatencies(flat, [span]), 99);
    const base = percentile(liveLatencies(flat, neighbours), 99);
    if (base > 0 && Number.isFinite(during)) deltas.push(((during - base) / base) * 100);
  }
  if (deltas.length < 3) return null;
  const random = mulberry32(0x9a1d);
  const medians: number[] = [];
  for (let i = 0; i < iterations; i++)
    medians.push(median(Array.from(deltas, () => deltas[Math.floor(random() * deltas.length)]!)));
  return { medianPct: median(deltas), interval90Pct: interval90(medians), cycles: deltas.length };
}

const BIN_MS = 0.01;
/** Latencies above this share the last bin; a p99 never lies there. */
const BINS = 10_000;

/**
 * The 90 % interval of the live p99 delta (%), running against paused, from `iterations` resamples of
 * whole phases. Seeded, so the same samples give the same interval.
 */
export function p99DeltaInterval(
  flat: readonly number[],
  running: readonly Span[],
  paused: readonly Span[],
  iterations = 1_000,
): [low: number, high: number] {
  const runningBins = running.map((span) => histogram(liveLatencies(flat, [span])));
  const pausedBins = paused.map((span) => histogram(liveLatencies(flat, [span])));
  const random = mulberry32(0x5eed);
  const deltas: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const during = p99OfResample(runningBins, random);
    const base = p99OfResample(pausedBins, random);
    if (base > 0) deltas.push(((during - base) / base) * 100);
  }
  return interval90(deltas);
}

/** The 5th and 95th percentile of resampled figures. */
function interval90(values: number[]): [low: number, high: number] {
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;
  return [at(0.05), at(0.95)];
}

function histogram(latencies: readonly number[]): Uint32Array {
  const bins = new Uint32Array(BINS + 1);
  for (const ms of latencies) bins[Math.min(BINS, Math.floor(ms / BIN_MS))]! += 1;
  return bins;
}

/** The p99 (ms) of as many phases as there are, drawn with replacement. */
function p99OfResample(phases: readonly Uint32Array[], random: () => number): number {
  const pooled = new Uint32Array(BINS + 1);
  let total = 0;
  for (let i = 0; i < phases.length; i++) {
    const phase = phases[Math.floor(random() * phases.length)]!;
    for (let b = 0; b <= BINS; b++) pooled[b]! += phase[b]!;
  }
  for (let b = 0; b <= BINS; b++) total += pooled[b]!;
  const rank = Math.ceil(0.99 * total);
  let seen = 0;
  for (let b = 0; b <= BINS; b++) {
    seen += pooled[b]!;
    if (seen >= rank) return (b + 1) * BIN_MS;
  }
  return NaN;
}

/** A small seeded generator (the resampling needs repeatability, not quality). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The last entry of each batch: every `batch`-th entry of each stretch of sending (a resume claims anew). */
export function batchEnds(times: readonly number[], batch: number): number[] {
  const ends: number[] = [];
  let start = 0;
  for (let i = 0; i < times.length; i++) {
    if (i > 0 && times[i]! - times[i - 1]! >= EDGE_MS) start = i;
    if ((i - start + 1) % batch === 0) ends.push(times[i]!);
  }
  return ends;
}

/** What the batch cycle does to the live tail: the share (%) of slow live events, right after a batch's end and elsewhere. */
export interface SlowShares {
  /** Of all live events handled while running: 1 % when the replay leaves the tail as it was. */
  allPct: number;
  afterBatchPct: number;
  elsewherePct: number;
}

/**
 * Among the live events handled while running, the share slower than `thresholdMs`: of those handled
 * within `windowMs` after a batch's last send, and of the rest. The runner records a batch in the
 * store right after its last send, so a first share far above the second says that live traffic feels
 * the store's bookkeeping more than the sends themselves.
 */
export function slowShares(
  flat: readonly number[],
  running: readonly Span[],
  ends: readonly number[],
  thresholdMs: number,
  windowMs = 30,
): SlowShares {
  const after = { n: 0, slow: 0 };
  const elsewhere = { n: 0, slow: 0 };
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const at = flat[i]!;
    if (!running.some(([from, to]) => at >= from && at <= to)) continue;
    const end = latestAtOrBefore(ends, at);
    const side = end !== undefined && at - end < windowMs ? after : elsewhere;
    side.n += 1;
    if (flat[i + 1]! > thresholdMs) side.slow += 1;
  }
  const pct = ({ n, slow }: { n: number; slow: number }) => (n > 0 ? (slow / n) * 100 : 0);
  const all = { n: after.n + elsewhere.n, slow: after.slow + elsewhere.slow };
  return { allPct: pct(all), afterBatchPct: pct(after), elsewherePct: pct(elsewhere) };
}

/** The greatest of the ascending `values` not above `at`. */
function latestAtOrBefore(values: readonly number[], at: number): number | undefined {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? values[lo - 1] : undefined;
}

/**
 * The running spans of the sending whose entry `times` fall in `windows` (the rounds of one driver),
 * and the paused spans between them inside those windows.
 */
export function phasesWithin(
  times: readonly number[],
  windows: readonly Span[],
): { running: Span[]; paused: Span[] } {
  const inside = times.filter((t) => windows.some(([from, to]) => t >= from && t <= to));
  const running = runningSpans(inside);
  const paused = gapsBetween(running).filter(([from, to]) =>
    windows.some((window) => from >= window[0] && to <= window[1]),
  );
  return { running, paused };
}

/** The live p99 delta of one set of rounds: its running phases against its own paused ones. */
export interface RoundsDelta {
  deltaPct: number;
  interval90Pct: [low: number, high: number];
  paired: PairedDelta | null;
  /** The paused phases' live p99 (ms): the threshold of a slow live event for these rounds. */
  baseP99Ms: number;
}

/**
 * The delta of one driver's rounds (their phases, from phasesWithin), with its interval and the median
 * of its cycles; null without two paused phases to compare with.
 */
export function phasesDelta(
  flat: readonly number[],
  { running, paused }: { running: readonly Span[]; paused: readonly Span[] },
): RoundsDelta | null {
  if (paused.length < 2) return null;
  const base = percentile(liveLatencies(flat, paused), 99);
  const during = percentile(liveLatencies(flat, running), 99);
  return {
    deltaPct: ((during - base) / base) * 100,
    interval90Pct: p99DeltaInterval(flat, running, paused),
    paired: pairedP99Delta(flat, running, paused),
    baseP99Ms: base,
  };
}
