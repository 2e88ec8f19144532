/**
 * The pages' OWN main-thread work for `npm run bench:ui`, from a Chromium trace over the measured window.
 *
 * Wall-clock long tasks (the probe's PerformanceObserver) include the time a task waited for a core:
 * on 2 shared cores a 40 ms task can last 150 ms. Each `RunTask` of a renderer's main thread carries its
 * thread (CPU) time too (`tdur`), which contention cannot inflate, so this reports both per page: the
 * longest task by CPU and by wall clock, tasks over 50 ms of CPU, and CPU per second of window.
 * Renderers are told apart by the URL of the frame they host (`TracingStartedInBrowser`).
 */
import type { Browser, CDPSession } from 'playwright';
import { round } from './support';

const CATEGORIES = ['disabled-by-default-devtools.timeline', '__metadata'];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { frames?: { processId?: number; url?: string; parent?: string }[] } };
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

  /** Ends the trace; `pathOf` names the page whose frame has this URL path (or null: not ours). */
  async stop(pathOf: (urlPath: string) => string | null): Promise<Map<string, OwnWork>> {
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
    const parsed = JSON.parse(chunks.join('')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    return ownWork(Array.isArray(parsed) ? parsed : parsed.traceEvents, windowS, pathOf);
  }
}

export function ownWork(
  events: readonly TraceEvent[],
  windowS: number,
  pathOf: (urlPath: string) => string | null,
): Map<string, OwnWork> {
  const pageOfPid = new Map<number, string>();
  const mainThread = new Map<number, number>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      mainThread.set(e.pid, e.tid);
    if (e.name !== 'TracingStartedInBrowser') continue;
    for (const frame of e.args?.data?.frames ?? []) {
      if (frame.parent || frame.processId === undefined || !frame.url) continue;
      const page = pathOf(new URL(frame.url).pathname);
      if (page) pageOfPid.set(frame.processId, page);
    }
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
    });
  }
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || mainThread.get(e.pid) !== e.tid) continue;
    const page = pageOfPid.get(e.pid);
    const w = page === undefined ? undefined : work.get(page);
    if (!w) continue;
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
    w.longestCpuMs = round(w.longestCpuMs, 1);
    w.longestCpuWallMs = round(w.longestCpuWallMs, 1);
    w.longestWallMs = round(w.longestWallMs, 1);
  }
  return work;
}
