/**
 * The in-page observers of `npm run bench:ui`, injected with `page.addInitScript` before any app code:
 * long tasks (and long animation frames, for what ran in them), frame deltas of a requestAnimationFrame
 * loop, and click responses. Everything is counted into fixed-size state, so the probe itself adds no
 * heap growth. `window.__uiBench.start()` opens the measured window; `snapshot()` returns a ProbeSnapshot.
 *
 * The script is a string, not a serialized function: tsx (esbuild) may wrap functions in helpers the
 * page does not have.
 */

export interface LongTask {
  /** Seconds into the measured window. */
  atS: number;
  ms: number;
}

export interface LongFrameScript {
  ms: number;
  /** What ran: `invoker` of the script entry (e.g. `DOMWindow.onclick`, `Response.json.then`). */
  invoker: string;
  source: string;
}

export interface ClickResponse {
  /** From the input event's timestamp (so time queued behind a busy main thread counts) to the frame after the next paint (double requestAnimationFrame). */
  ms: number;
  /** From the input event's timestamp until the first click listener ran. */
  inputDelayMs: number;
}

export interface ProbeSnapshot {
  /** Long tasks before the window opened (page load, hydration). */
  beforeWindow: { count: number; longestMs: number };
  longTasks: { count: number; over100: number; longestMs: number; totalMs: number; top: LongTask[] };
  /** Longest animation frames (LoAF) in the window and their longest scripts, if the browser has LoAF. */
  longFrames: {
    supported: boolean;
    count: number;
    top: { ms: number; atS: number; scripts: LongFrameScript[] }[];
  };
  frames: { count: number; over50: number; over100: number; maxMs: number; sumMs: number; buckets: number[] };
  clicks: ClickResponse[];
  /** Event Timing API durations of click interactions (the browser's own figure, 8 ms granularity). */
  eventTimingMs: number[];
  windowS: number;
  visibility: string;
  hiddenDuringWindow: boolean;
}

/** Upper bounds (ms) of the frame delta buckets; the last bucket is everything above. */
export const FRAME_BUCKETS_MS = [17, 34, 50, 100] as const;

export const PROBE_SCRIPT = String.raw`
(() => {
  if (window !== window.top || window.__uiBench) return;
  const BUCKETS = ${JSON.stringify(FRAME_BUCKETS_MS)};
  const TOP = 10;
  const MAX_CLICKS = 200;
  let since = null;
  let hidden = false;
  const before = { count: 0, longestMs: 0 };
  const tasks = { count: 0, over100: 0, longestMs: 0, totalMs: 0, top: [] };
  const longFrames = { supported: false, count: 0, top: [] };
  const frames = { count: 0, over50: 0, over100: 0, maxMs: 0, sumMs: 0, buckets: BUCKETS.map(() => 0).concat(0) };
  const clicks = [];
  const eventTiming = [];
  const keepTop = (list, item) => {
    list.push(item);
    list.sort((a, b) => b.ms - a.ms);
    if (list.length > TOP) list.length = TOP;
  };
  const round = (v) => Math.round(v * 10) / 10;

  const observe = (type, onEntry, extra) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true, ...extra });
      return true;
    } catch {
      return false;
    }
  };
  observe('longtask', (e) => {
    if (since === null || e.startTime < since) {
      before.count += 1;
      before.longestMs = Math.max(before.longestMs, round(e.duration));
      return;
    }
    tasks.count += 1;
    if (e.duration > 100) tasks.over100 += 1;
    tasks.longestMs = Math.max(tasks.longestMs, round(e.duration));
    tasks.totalMs += e.duration;
    keepTop(tasks.top, { atS: round((e.startTime - since) / 1000), ms: round(e.duration) });
  });
  longFrames.supported = observe('long-animation-frame', (e) => {
    if (since === null || e.startTime < since) return;
    longFrames.count += 1;
    if (longFrames.top.length === TOP && e.duration <= longFrames.top[TOP - 1].ms) return;
    const scripts = (e.scripts || [])
      .map((s) => ({ ms: round(s.duration), invoker: String(s.invoker || ''), source: String(s.sourceURL || '').replace(location.origin, '') + (s.sourceFunctionName ? ' ' + s.sourceFunctionName : '') }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3);
    keepTop(longFrames.top, { ms: round(e.duration), atS: round((e.startTime - since) / 1000), scripts });
  });
  observe('event', (e) => {
    if (since === null || e.startTime < since || e.name !== 'click') return;
    if (eventTiming.length < MAX_CLICKS) eventTiming.push(e.duration);
  }, { durationThreshold: 16 });

  let last = null;
  const frame = (t) => {
    if (since !== null && last !== null && last >= since && !document.hidden) {
      const d = t - last;
      frames.count += 1;
      frames.sumMs += d;
      if (d > 50) frames.over50 += 1;
      if (d > 100) frames.over100 += 1;
      frames.maxMs = Math.max(frames.maxMs, round(d));
      let b = BUCKETS.findIndex((limit) => d <= limit);
      frames.buckets[b === -1 ? BUCKETS.length : b] += 1;
    }
    last = document.hidden ? null : t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener('visibilitychange', () => {
    if (document.hidden && since !== null) hidden = true;
  });

  window.addEventListener('click', (e) => {
    if (since === null || !e.isTrusted || clicks.length >= MAX_CLICKS) return;
    const input = e.timeStamp;
    const inputDelayMs = performance.now() - input;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      clicks.push({ ms: round(performance.now() - input), inputDelayMs: round(inputDelayMs) });
    }));
  }, { capture: true });

  window.__uiBench = {
    start() {
      since = performance.now();
      last = null;
    },
    snapshot() {
      return {
        beforeWindow: before,
        longTasks: { ...tasks, totalMs: round(tasks.totalMs) },
        longFrames,
        frames: { ...frames, sumMs: round(frames.sumMs) },
        clicks,
        eventTimingMs: eventTiming,
        windowS: since === null ? 0 : round((performance.now() - since) / 1000),
        visibility: document.visibilityState,
        hiddenDuringWindow: hidden,
      };
    },
  };
})();
`;
