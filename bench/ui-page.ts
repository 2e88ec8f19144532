/**
 * One page under test for `npm run bench:ui`: a Chromium tab with the probe of bench/ui-probe.ts, and a
 * CDP session for what the page cannot see about itself: bytes received (HTTP bodies and headers as
 * encoded on the wire, WebSocket frame payloads), the JS heap after a forced GC, and Chromium's own
 * counters (script, layout and style time; the main thread's CPU time; DOM nodes; listeners).
 */
import { writeFileSync } from 'node:fs';
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright';
import type { ProbeSnapshot } from './ui-probe';
import { round, sleep } from './support';

/** Counters of `Performance.getMetrics` kept at the window's ends (durations in s, sizes in bytes). */
const METRICS = [
  'JSHeapUsedSize',
  'JSHeapTotalSize',
  'Nodes',
  'JSEventListeners',
  'TaskDuration',
  'ScriptDuration',
  'LayoutDuration',
  'RecalcStyleDuration',
  'ThreadTime',
] as const;
type Metric = (typeof METRICS)[number];
export type Metrics = Record<Metric, number>;

export interface Received {
  httpBytes: number;
  requests: number;
  wsBytes: number;
  wsFrames: number;
}

const MB = 2 ** 20;
/** A click that raises no handled frame within this long counts as this long. */
export const CLICK_TIMEOUT_MS = 10_000;
const THEME_TOGGLE = /^Switch to (light|dark) theme$/;
const LIVE = /^live\b/i;

export class PageUnderTest {
  readonly errors: string[] = [];
  private received: Received = { httpBytes: 0, requests: 0, wsBytes: 0, wsFrames: 0 };
  /** Clicks the driver made in the window, and how many of them failed outright. */
  clicksMade = 0;
  clickFailures: string[] = [];
  liveControl: string | null = null;
  loadMs = 0;
  /** What the page received before the window opened (loading, warming up). */
  receivedBeforeWindow: Received | null = null;

  private constructor(
    readonly name: string,
    readonly path: string,
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    page.on('pageerror', (error) => this.noteError(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.noteError(`console: ${message.text()}`);
    });
    cdp.on('Network.loadingFinished', (e) => {
      this.received.httpBytes += e.encodedDataLength;
      this.received.requests += 1;
    });
    cdp.on('Network.webSocketFrameReceived', (e) => {
      const { opcode, payloadData } = e.response;
      // text frames arrive as the text, binary ones base64-encoded
      this.received.wsBytes +=
        opcode === 2 ? Math.floor((payloadData.length * 3) / 4) : Buffer.byteLength(payloadData);
      this.received.wsFrames += 1;
    });
  }

  static async open(context: BrowserContext, name: string, path: string): Promise<PageUnderTest> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const under = new PageUnderTest(name, path, page, cdp);
    const started = performance.now();
    await page.goto(path, { waitUntil: 'load', timeout: 60_000 });
    under.loadMs = performance.now() - started;
    return under;
  }

  private noteError(message: string): void {
    if (this.errors.length < 20) this.errors.push(message.slice(0, 300));
  }

  /**
   * The Events page may have a live tail behind a "Live" tab or button: turn it on when there is one and
   * it is not on yet (clicking a pressed toggle would pause it). Returns what it found.
   */
  async enableLive(waitMs = 5_000): Promise<string | null> {
    const page = this.page;
    const control = page
      .getByRole('tab', { name: LIVE })
      .or(page.getByRole('button', { name: LIVE }))
      .or(page.getByRole('radio', { name: LIVE }))
      .or(page.getByRole('switch', { name: LIVE }))
      .first();
    try {
      await control.waitFor({ state: 'visible', timeout: waitMs });
    } catch {
      return (this.liveControl = null);
    }
    const on = await isOn(control);
    const label = `${(await control.textContent())?.trim() || (await control.getAttribute('aria-label'))}`;
    if (!on) await control.click({ timeout: 5_000 });
    return (this.liveControl = `${label} (${on ? 'already on' : 'clicked'})`);
  }

  async metrics(): Promise<Metrics> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const byName = new Map(metrics.map((m) => [m.name, m.value]));
    return Object.fromEntries(METRICS.map((name) => [name, byName.get(name) ?? Number.NaN])) as Metrics;
  }

  /** JS heap in use after a full GC, in MB. */
  async heapAfterGcMb(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    await sleep(100);
    await this.cdp.send('HeapProfiler.collectGarbage');
    return (await this.metrics()).JSHeapUsedSize / MB;
  }

  async startWindow(): Promise<void> {
    this.receivedBeforeWindow = this.received;
    this.received = { httpBytes: 0, requests: 0, wsBytes: 0, wsFrames: 0 };
    this.clicksMade = 0;
    this.clickFailures = [];
    await this.page.evaluate('window.__uiBench.start()');
  }

  /** BENCH_UI_PROFILE: a V8 CPU profile of the page over the window (read with bench/cpuprofile-summary.ts). */
  async startProfile(): Promise<void> {
    await this.cdp.send('Profiler.enable');
    await this.cdp.send('Profiler.start');
  }

  async stopProfile(file: string): Promise<void> {
    const { profile } = await this.cdp.send('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
  }

  receivedSoFar(): Received {
    return { ...this.received };
  }

  async snapshot(): Promise<ProbeSnapshot> {
    return (await this.page.evaluate('window.__uiBench.snapshot()')) as ProbeSnapshot;
  }

  /** Clicks the top bar's theme toggle, a harmless control every page has; the probe times the response. */
  async clickThemeToggle(): Promise<void> {
    this.clicksMade += 1;
    try {
      await this.page.getByRole('button', { name: THEME_TOGGLE }).click({ timeout: CLICK_TIMEOUT_MS });
    } catch (error) {
      this.clickFailures.push((error as Error).message.split('\n')[0]!.slice(0, 200));
    }
  }
}

async function isOn(control: Locator): Promise<boolean> {
  for (const attribute of ['aria-pressed', 'aria-selected', 'aria-checked']) {
    if ((await control.getAttribute(attribute)) === 'true') return true;
  }
  return false;
}

export const mb = (bytes: number): number => round(bytes / MB, 2);
