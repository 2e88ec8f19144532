/**
 * The pages' OWN main-thread work for `npm run bench:ui`, from a Chromium trace over the measured window.
 *
 * Wall-clock long tasks (the probe's PerformanceObserver) include the time a task waited for a core:
 * on 2 shared cores a 40 ms task can last 150 ms. Each `RunTask` of a renderer's main thread carries its
 * thread (CPU) time too (`tdur`), which contention cannot inflate, so this reports both per page: the
 * longest task by CPU and by wall clock, tasks over 50 ms of CPU, and CPU per second of window.
 * Each page marks its renderer with a User Timing mark once the trace runs (`markPage`), which tells
 * the renderers apart.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright';
import { round } from './support';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  '__metadata',
];
/** Where the main thread runs script (outermost only: a nested one is inside another's time). */
const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'RunMicrotasks']);
const MARK = 'uiBench:';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface OwnWork {
  /** Main-thread tasks in the window. */
  tasks: number;
  /** Longest task by the thread's CPU time (ms). */
  longestCpuMs: number;
  /** The same task's wall-clock duration (ms). */
  longestCpuWallMs: number;
  /** Longest task by wall clock (ms), as the long-task observer sees it. */
  longestWallMs: number;
  /** Tasks over 50 ms of CPU. */
  over50CpuMs: number;
  /** Main-thread CPU time per second of window (ms/s). */
  cpuMsPerSec: number;
  /** Of which running script (ms/s). */
  scriptCpuMsPerSec: number;
}

export class WindowTrace {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly startedAt: number,
  ) {}

  static async start(browser: Browser): Promise<WindowTrace> {
    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Tracing.start', {
      transferMode: 'ReturnAsStream',
      traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'] },
    });
    return new WindowTrace(cdp, performance.now());
  }

  /** Marks the renderer of `page` in the trace as `name`'s. */
  static async markPage(page: Page, name: string): Promise<void> {
    await page.evaluate((mark) => performance.mark(mark), `${MARK}${name}`);
  }

  /** Ends the trace: the own work of each page marked. */
  async stop(): Promise<Map<string, OwnWork>> {
    const windowS = (performance.now() - this.startedAt) / 1_000;
    const complete = new Promise<string>((resolve) =>
      this.cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')),
    );
    await this.cdp.send('Tracing.end');
    const stream = await complete;
    const chunks: string[] = [];
    for (;;) {
      const { data, eof, base64Encoded } = await this.cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString() : data);
      if (eof) break;
    }
    await this.cdp.send('IO.close', { handle: stream });
    await this.cdp.detach();
    if (process.env.BENCH_UI_TRACE_FILE) writeFileSync(process.env.BENCH_UI_TRACE_FILE, chunks.join(''));
    const parsed = JSON.parse(chunks.join('')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    return ownWork(Array.isArray(parsed) ? parsed : parsed.traceEvents, windowS);
  }
}

export function ownWork(events: readonly TraceEvent[], windowS: number): Map<string, OwnWork> {
  const pageOfPid = new Map<number, string>();
  const mainThread = new Map<number, number>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      mainThread.set(e.pid, e.tid);
    if (e.name.startsWith(MARK)) pageOfPid.set(e.pid, e.name.slice(MARK.length));
  }
  const work = new Map<string, OwnWork>();
  for (const page of pageOfPid.values()) {
    work.set(page, {
      tasks: 0,
      longestCpuMs: 0,
      longestCpuWallMs: 0,
      longestWallMs: 0,
      over50CpuMs: 0,
      cpuMsPerSec: 0,
      scriptCpuMsPerSec: 0,
    });
  }
  const scriptEnds = new Map<number, number>();
  const ordered = [...events].sort((a, b) => a.ts - b.ts);
  for (const e of ordered) {
    if (e.ph !== 'X' || mainThread.get(e.pid) !== e.tid) continue;
    const page = pageOfPid.get(e.pid);
    const w = page === undefined ? undefined : work.get(page);
    if (!w) continue;
    if (SCRIPT.has(e.name)) {
      if (e.ts < (scriptEnds.get(e.pid) ?? 0)) continue;
      scriptEnds.set(e.pid, e.ts + (e.dur ?? 0));
      w.scriptCpuMsPerSec += (e.tdur ?? 0) / 1_000;
      continue;
    }
    if (e.name !== 'RunTask') continue;
    const cpuMs = (e.tdur ?? 0) / 1_000;
    const wallMs = (e.dur ?? 0) / 1_000;
    w.tasks += 1;
    w.cpuMsPerSec += cpuMs;
    if (cpuMs > 50) w.over50CpuMs += 1;
    if (cpuMs > w.longestCpuMs) {
      w.longestCpuMs = cpuMs;
      w.longestCpuWallMs = wallMs;
    }
    w.longestWallMs = Math.max(w.longestWallMs, wallMs);
  }
  for (const w of work.values()) {
    w.cpuMsPerSec = round(w.cpuMsPerSec / windowS, 1);
    w.scriptCpuMsPerSec = round(w.scriptCpuMsPerSec / windowS, 1);
    w.longestCpuMs = round(w.longestCpuMs, 1);
    w.longestCpuWallMs = round(w.longestCpuWallMs, 1);
    w.longestWallMs = round(w.longestWallMs, 1);
  }
  return work;
}
