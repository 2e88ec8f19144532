/**
 * `npm run bench:ui`: the console in Chromium while the bus carries 5,000 events/s.
 *
 * The production server (a fresh Postgres database, its own key prefix, no demo) serves the Events and
 * Flows pages to one headless Chromium, each page in its own window (context). A producer process publishes through the SDK at
 * BENCH_UI_RATE events/s over five topics (bench/ui-traffic.ts) while a consumer process runs two
 * groups. The pages load under that load; after BENCH_UI_WARMUP seconds the measured window of
 * BENCH_UI_SECONDS opens. Per page, in the window:
 * - longest main-thread task (PerformanceObserver 'longtask'), and what the longest animation frames ran;
 * - share of frames over 50 ms (requestAnimationFrame deltas);
 * - JS heap after a forced GC at both ends (CDP), and growth;
 * - bytes/s received (CDP: HTTP as encoded on the wire, WebSocket frame payloads);
 * - click response: every BENCH_UI_CLICK_EVERY ms the tab's theme toggle is clicked (the tabs take
 *   turns), timed in the page from the input event's timestamp to the frame after the next paint;
 * - the page's OWN work, which other processes on the machine cannot inflate: script time and main-thread
 *   CPU per second (CDP Performance.getMetrics ScriptDuration / ThreadTime deltas; ScriptDuration is
 *   wall-clock), and from a Chromium trace of the window (bench/ui-trace.ts; BENCH_UI_TRACE=0 turns it
 *   off) its script CPU per second and its longest task by CPU time. The script target reads the trace.
 *
 * Prints a table and writes bench/results/ui.json (ui-partial.json for a shortened run). Everything
 * it starts is stopped, and the database and keys removed, also on failure. A missing production
 * build is built first (`npm run build`; not counted in the run's seconds).
 * Knobs (env): BENCH_UI_SECONDS (60), BENCH_UI_RATE (5000), BENCH_UI_WARMUP (10), BENCH_UI_CLICK_EVERY
 * (5000 ms per tab), BENCH_UI_PORT (a free one), BENCH_OUT, CHROMIUM_PATH, REDIS_URL,
 * TEST_DATABASE_ADMIN_URL.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright';
import { createTestDatabase } from '@/db/testing/test-database';
import { createRedis, waitForReady } from '@/server/bus';
import { freePort } from '@/server/demo/free-port';
import { startChild, waitForExit } from '@/server/testing/child';
import { E2E_ADMIN as BENCH_ADMIN } from '@/e2e/support/accounts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@/e2e/support/chromium';
import { startServer, type RunningServer } from '@/e2e/support/server';
import {
  deletePrefix,
  ensureProductionBuild,
  formatNumber,
  out,
  percentile,
  round,
  sleep,
  table,
} from './support';
import { CLICK_TIMEOUT_MS, mb, PageUnderTest, type Metrics, type Received } from './ui-page';
import { FRAME_BUCKETS_MS, PROBE_SCRIPT, type ProbeSnapshot } from './ui-probe';
import { WindowTrace, type OwnWork } from './ui-trace';
import { GROUPS, LANES } from './ui-traffic';

// ---------------------------------------------------------------------------------------------- config

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const SECONDS = num('BENCH_UI_SECONDS', 60);
const RATE = num('BENCH_UI_RATE', 5_000);
const WARMUP_S = num('BENCH_UI_WARMUP', 10);
const CLICK_EVERY_MS = num('BENCH_UI_CLICK_EVERY', 5_000);
const FULL_RUN = SECONDS >= 60 && RATE >= 5_000;
const OUT_FILE =
  process.env.BENCH_OUT ?? (FULL_RUN ? 'bench/results/ui.json' : 'bench/results/ui-partial.json');
const PAGES = [
  { name: 'Events', path: '/events' },
  { name: 'Flows', path: '/flows' },
] as const;
const SAMPLE_MS = 5_000;
const SCREENSHOTS = 'test-results/bench-ui';

const TARGETS = {
  longestTaskMs: 100,
  heapGrowthMb: 50,
  clickResponseMs: 200,
  clickResponseP95Ms: 150,
  /** Script per second of window, the page's own (ms/s). */
  scriptMsPerSec: 100,
  runSeconds: 300,
};
const TRACE = process.env.BENCH_UI_TRACE !== '0';

// ---------------------------------------------------------------------------------------------- run

const cleanups: { what: string; run: () => Promise<unknown> | unknown }[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | null = null;

/** Stops everything this run started, newest first; safe to call twice (finally and a signal). */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup.run();
      } catch (error) {
        out(`cleanup (${cleanup.what}) failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    out(`\n${signal}: cleaning up…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Rejects when `promise` takes longer than `ms`, so a stuck page or child cannot hold the run. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1_000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function start(module: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = await startChild(module, { REDIS_URL, ...env });
  children.add(child);
  void waitForExit(child).then(() => children.delete(child));
  return child;
}

/** Collects the JSON lines a child prints on stdout. */
function jsonLines(child: ChildProcess): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts)
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return lines;
}

interface PageResult {
  name: string;
  path: string;
  loadS: number;
  liveControl: string | null;
  probe: ProbeSnapshot;
  heapStartMb: number;
  heapEndMb: number;
  /** JSHeapUsedSize without a forced GC, every SAMPLE_MS through the window (MB). */
  heapSamplesMb: number[];
  metricsStart: Metrics;
  metricsEnd: Metrics;
  received: Received;
  receivedBeforeWindow: Received | null;
  clicksMade: number;
  clickFailures: string[];
  errors: string[];
  /** From the window's trace; null without one. */
  own: OwnWork | null;
}

async function measure(
  server: RunningServer,
  browser: Browser,
  producerStarted: number,
): Promise<{ pages: PageResult[]; windowS: number }> {
  // One window (browser context) per page, as an operator with the two pages side by side: tabs of one
  // window are not equal in headless Chromium, where the app's tab that is not in front gets ~1 frame/s
  // (background throttling; --disable-renderer-backgrounding and friends do not lift it).
  const contexts: BrowserContext[] = [];
  const pages: PageUnderTest[] = [];
  for (const { name, path } of PAGES) {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    // signed in as an operator would be: the console is behind sign-in
    const signedIn = await context.request.post(`${server.url}/api/auth/sign-in/email`, {
      data: { email: BENCH_ADMIN.email, password: BENCH_ADMIN.password },
      headers: { origin: server.url },
    });
    if (!signedIn.ok()) throw new Error(`sign-in failed: ${signedIn.status()} ${await signedIn.text()}`);
    await context.addInitScript({ content: PROBE_SCRIPT });
    const page = await PageUnderTest.open(context, name, path);
    pages.push(page);
    out(`  ${name} (${path}) loaded in ${formatNumber(page.loadMs)} ms`);
  }
  const live = await pages[0]!.enableLive();
  out(`  Events page live control: ${live ?? 'none found (placeholder page?)'}`);

  const warmupLeft = producerStarted + WARMUP_S * 1_000 - performance.now();
  if (warmupLeft > 0) await sleep(warmupLeft);

  const heapStart: number[] = [];
  const metricsStart: Metrics[] = [];
  for (const page of pages) {
    heapStart.push(await page.heapAfterGcMb());
    metricsStart.push(await page.metrics());
    await page.startWindow();
    if (process.env.BENCH_UI_PROFILE) await page.startProfile();
  }
  const trace = TRACE ? await WindowTrace.start(browser) : null;
  if (trace) for (const page of pages) await WindowTrace.markPage(page.page, page.name);
  const windowStarted = performance.now();
  out(`  window open: ${SECONDS} s, heap ${heapStart.map((h) => `${round(h, 1)} MB`).join(' / ')}`);

  // the tabs take turns: each is clicked every CLICK_EVERY_MS, half a period apart
  const heapSamples: number[][] = pages.map(() => []);
  const step = CLICK_EVERY_MS / pages.length;
  let nextClick = step / 2;
  let nextSample = SAMPLE_MS;
  let turn = 0;
  for (;;) {
    const elapsed = performance.now() - windowStarted;
    if (elapsed >= SECONDS * 1_000) break;
    if (elapsed >= nextSample) {
      nextSample += SAMPLE_MS;
      for (const [i, page] of pages.entries())
        heapSamples[i]!.push(mb((await page.metrics()).JSHeapUsedSize));
    }
    if (elapsed >= nextClick && elapsed + 1_000 < SECONDS * 1_000) {
      nextClick += step;
      await pages[turn++ % pages.length]!.clickThemeToggle();
    }
    await sleep(
      Math.max(1, Math.min(nextClick, nextSample, SECONDS * 1_000) - (performance.now() - windowStarted)),
    );
  }

  const own = trace ? await trace.stop() : new Map<string, OwnWork>();
  const results: PageResult[] = [];
  for (const [i, page] of pages.entries()) {
    if (process.env.BENCH_UI_PROFILE)
      await page.stopProfile(`bench/results/ui-${page.name.toLowerCase()}.cpuprofile`);
    const probe = await page.snapshot();
    const received = page.receivedSoFar();
    results.push({
      name: page.name,
      path: page.path,
      loadS: round(page.loadMs / 1_000, 2),
      liveControl: page.liveControl,
      probe,
      heapStartMb: round(heapStart[i]!, 2),
      heapEndMb: round(await page.heapAfterGcMb(), 2),
      heapSamplesMb: heapSamples[i]!,
      metricsStart: metricsStart[i]!,
      metricsEnd: await page.metrics(),
      received,
      receivedBeforeWindow: page.receivedBeforeWindow,
      clicksMade: page.clicksMade,
      clickFailures: page.clickFailures,
      errors: page.errors,
      own: own.get(page.name) ?? null,
    });
  }
  const windowS = (performance.now() - windowStarted) / 1_000;
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const page of pages) {
    await page.page
      .screenshot({ path: `${SCREENSHOTS}/${page.name.toLowerCase()}.png` })
      .catch(() => undefined);
  }
  for (const context of contexts) await context.close();
  return { pages: results, windowS };
}

// ---------------------------------------------------------------------------------------------- report

/** Click responses of a page, a click the page never answered counting as CLICK_TIMEOUT_MS. */
function clickTimes(page: PageResult): number[] {
  const answered = page.probe.clicks.map((c) => c.ms);
  const unanswered = Math.max(0, page.clicksMade - answered.length);
  return [...answered, ...Array.from({ length: unanswered }, () => CLICK_TIMEOUT_MS)];
}

function summarize(page: PageResult, windowS: number) {
  const clicks = clickTimes(page).sort((a, b) => a - b);
  const f = page.probe.frames;
  const busy = (metric: keyof Metrics): number =>
    round((page.metricsEnd[metric] - page.metricsStart[metric]) / windowS, 3);
  return {
    longestTaskMs: page.probe.longTasks.longestMs,
    longTasks: page.probe.longTasks.count,
    longTasksOver100: page.probe.longTasks.over100,
    framesOver50Share: f.count === 0 ? 1 : round(f.over50 / f.count, 4),
    frames: f.count,
    fps: round(f.count / windowS, 1),
    heapStartMb: page.heapStartMb,
    heapEndMb: page.heapEndMb,
    heapGrowthMb: round(page.heapEndMb - page.heapStartMb, 2),
    bytesPerSec: Math.round((page.received.httpBytes + page.received.wsBytes) / windowS),
    clickResponseMs: clicks.length === 0 ? CLICK_TIMEOUT_MS : clicks[clicks.length - 1]!,
    clickResponseP95Ms: clicks.length === 0 ? CLICK_TIMEOUT_MS : percentile(clicks, 95),
    clicks: clicks.length,
    /** Share of the window the main thread spent in tasks / script / layout / style (CDP counters). */
    mainThreadBusy: {
      task: busy('TaskDuration'),
      script: busy('ScriptDuration'),
      layout: busy('LayoutDuration'),
      style: busy('RecalcStyleDuration'),
    },
    /** The page's own script and main-thread CPU time per second of window (ms/s). */
    scriptMsPerSec: round(busy('ScriptDuration') * 1_000, 1),
    cpuMsPerSec: round(busy('ThreadTime') * 1_000, 1),
    own: page.own,
    domNodes: { start: page.metricsStart.Nodes, end: page.metricsEnd.Nodes },
    listeners: { start: page.metricsStart.JSEventListeners, end: page.metricsEnd.JSEventListeners },
  };
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const buildS = ensureProductionBuild();
  const startedAt = Date.now();
  const loadAtStart = loadavg().map((l) => round(l, 2));
  out(
    `bench:ui on ${cpus()[0]?.model ?? 'unknown CPU'} x${availableParallelism()}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const redis = createRedis(REDIS_URL, { name: 'eventlens:bench:ui' });
  await waitForReady(redis, 5_000);
  cleanups.push({ what: 'redis', run: () => redis.disconnect() });
  const prefix = `benchui${randomBytes(3).toString('hex')}`;
  cleanups.push({ what: 'keys', run: () => deletePrefix(redis, prefix) });
  let measured: Awaited<ReturnType<typeof measure>>;
  let producerReport: Record<string, unknown> | undefined;
  let consumerReport: Record<string, unknown> | undefined;
  try {
    const database = await createTestDatabase('bench_ui');
    cleanups.push({ what: 'database', run: () => database.drop() });
    const port = process.env.BENCH_UI_PORT ? Number(process.env.BENCH_UI_PORT) : await freePort();
    const server = await startServer({
      port,
      env: {
        DATABASE_URL: database.url,
        EVENTLENS_PREFIX: prefix,
        EVENTLENS_STREAMS: `${prefix}*`,
        EVENTLENS_DEMO: '0',
        EVENTLENS_ADMIN_EMAIL: BENCH_ADMIN.email,
        EVENTLENS_ADMIN_PASSWORD: BENCH_ADMIN.password,
        LOG_LEVEL: 'warn',
        REDIS_URL,
      },
    });
    cleanups.push({ what: 'server', run: () => server.stop() });
    const health = await fetch(`${server.url}/api/health`).catch(() => null);
    if (!health || (health.status !== 200 && health.status !== 503))
      throw new Error(`the server on ${server.url} does not answer /api/health`);
    out(`server ${server.url} (pid ${server.process.pid}), prefix ${prefix}, database ${database.name}`);

    const consumers = await start('bench/ui-consumers.ts', { PREFIX: prefix });
    const consumerLines = jsonLines(consumers);
    out(
      `consumers: ${GROUPS.map((g) => `${g.group} <- ${g.topics.join(', ')}`).join('; ')} (pid ${consumers.pid})`,
    );
    const producer = await start('bench/ui-producer.ts', {
      PREFIX: prefix,
      RATE: String(RATE),
      SECONDS: String(WARMUP_S + SECONDS),
    });
    const producerStarted = performance.now();
    const producerLines = jsonLines(producer);
    out(
      `producer: ${formatNumber(RATE)} events/s for ${WARMUP_S} + ${SECONDS} s over ${LANES.map((l) => l.topic).join(', ')} (pid ${producer.pid})`,
    );

    // our signal handlers close it in order with the rest (Playwright's own would exit first)
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanups.push({ what: 'browser', run: () => browser.close() });
    out(`chromium ${browser.version()}`);
    measured = await within(
      measure(server, browser, producerStarted),
      // pages load in a minute or more when the machine is busy (2 cores shared): room for that too
      (WARMUP_S + SECONDS + 240) * 1_000,
      'measuring the pages',
    );

    await Promise.race([waitForExit(producer), sleep(15_000)]);
    producerReport = producerLines[0];
    consumers.kill('SIGTERM');
    await Promise.race([waitForExit(consumers), sleep(5_000)]);
    consumerReport = consumerLines[0];
  } finally {
    await cleanUp();
  }

  const { pages, windowS } = measured;
  const summaries = pages.map((p) => ({ page: p, s: summarize(p, windowS) }));
  const worst = <K extends 'longestTaskMs' | 'heapGrowthMb' | 'clickResponseMs' | 'framesOver50Share'>(
    key: K,
  ): number => Math.max(...summaries.map(({ s }) => s[key]));
  const allClicks = pages.flatMap(clickTimes).sort((a, b) => a - b);
  const longestTaskMs = worst('longestTaskMs');
  const heapGrowthMb = worst('heapGrowthMb');
  const clickResponseMs = allClicks.length === 0 ? CLICK_TIMEOUT_MS : allClicks[allClicks.length - 1]!;
  const clickP95Ms = allClicks.length === 0 ? CLICK_TIMEOUT_MS : percentile(allClicks, 95);
  // script by CPU time where the trace has it (contention cannot inflate it), else ScriptDuration
  const scriptMsPerSec = Math.max(...summaries.map(({ s }) => s.own?.scriptCpuMsPerSec ?? s.scriptMsPerSec));
  const seconds = (Date.now() - startedAt) / 1_000;
  const checks = {
    longestTask: longestTaskMs <= TARGETS.longestTaskMs,
    heapGrowth: heapGrowthMb < TARGETS.heapGrowthMb,
    clickResponse: clickResponseMs <= TARGETS.clickResponseMs,
    clickResponseP95: clickP95Ms <= TARGETS.clickResponseP95Ms,
    scriptTime: scriptMsPerSec <= TARGETS.scriptMsPerSec,
    runTime: seconds < TARGETS.runSeconds,
  };

  const rows: string[][] = [];
  for (const { page, s } of summaries) {
    const n = page.name;
    rows.push(
      [
        `${n}: longest task after load`,
        `${formatNumber(s.longestTaskMs)} ms (${s.longTasks} > 50 ms)`,
        `<= ${TARGETS.longestTaskMs} ms`,
        verdict(s.longestTaskMs <= TARGETS.longestTaskMs),
      ],
      [
        `${n}: own longest task (CPU; its wall)`,
        s.own
          ? `${formatNumber(s.own.longestCpuMs)} ms (${formatNumber(s.own.longestCpuWallMs)} ms), ${s.own.over50CpuMs} > 50 ms`
          : 'no trace',
        '',
        '',
      ],
      [
        `${n}: own script CPU / main-thread CPU`,
        s.own
          ? `${formatNumber(s.own.scriptCpuMsPerSec)} / ${formatNumber(s.own.cpuMsPerSec)} ms per s`
          : 'no trace',
        `script <= ${TARGETS.scriptMsPerSec}`,
        s.own ? verdict(s.own.scriptCpuMsPerSec <= TARGETS.scriptMsPerSec) : '',
      ],
      [
        `${n}: script / CPU (Performance.getMetrics)`,
        `${formatNumber(s.scriptMsPerSec)} / ${formatNumber(s.cpuMsPerSec)} ms per s`,
        '',
        '',
      ],
      [
        `${n}: frames over 50 ms`,
        `${round(s.framesOver50Share * 100, 2)} % of ${formatNumber(s.frames)}`,
        '',
        '',
      ],
      [
        `${n}: JS heap start -> end (after GC)`,
        `${round(s.heapStartMb, 1)} -> ${round(s.heapEndMb, 1)} MB (${s.heapGrowthMb >= 0 ? '+' : ''}${round(s.heapGrowthMb, 1)})`,
        `< +${TARGETS.heapGrowthMb} MB`,
        verdict(s.heapGrowthMb < TARGETS.heapGrowthMb),
      ],
      [`${n}: received`, `${formatNumber(s.bytesPerSec)} B/s`, '', ''],
      [
        `${n}: click response, max (p95)`,
        `${formatNumber(s.clickResponseMs)} ms (${formatNumber(s.clickResponseP95Ms)}), ${s.clicks} clicks`,
        `<= ${TARGETS.clickResponseMs} (${TARGETS.clickResponseP95Ms}) ms`,
        verdict(
          s.clickResponseMs <= TARGETS.clickResponseMs && s.clickResponseP95Ms <= TARGETS.clickResponseP95Ms,
        ),
      ],
    );
  }
  rows.push([
    'Whole run (without a build)',
    `${round(seconds, 0)} s`,
    `< ${TARGETS.runSeconds} s`,
    verdict(checks.runTime),
  ]);
  out();
  out(table(['measure', 'value', 'target', 'result'], rows));
  for (const { page } of summaries) {
    if (page.clickFailures.length > 0) out(`${page.name}: click failures: ${page.clickFailures.join(' | ')}`);
    if (page.errors.length > 0) out(`${page.name}: page errors: ${page.errors.slice(0, 3).join(' | ')}`);
  }
  out(
    `\n${Object.values(checks).filter(Boolean).length}/${Object.keys(checks).length} targets met in ${round(seconds, 0)} s` +
      (buildS > 0 ? ` (+ ${round(buildS, 0)} s building)` : ''),
  );

  const result = {
    when: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? null,
      cores: availableParallelism(),
      memoryGb: round(totalmem() / 2 ** 30, 1),
      /** 1, 5 and 15 minute load averages: the machine is shared, so they say how quiet it was. */
      loadAtStart,
      loadAtEnd: loadavg().map((l) => round(l, 2)),
    },
    chromium: CHROMIUM_PATH,
    seconds: round(seconds, 1),
    buildSeconds: round(buildS, 1),
    load: {
      offeredPerSec: RATE,
      warmupS: WARMUP_S,
      windowS: round(windowS, 1),
      topics: LANES.map((l) => l.topic),
      groups: GROUPS.map((g) => g.group),
      producer: producerReport ?? null,
      consumers: consumerReport ?? null,
    },
    longestTaskMs,
    heapGrowthMb,
    clickResponseMs,
    clickResponseP95Ms: clickP95Ms,
    scriptMsPerSec,
    framesOver50Share: worst('framesOver50Share'),
    bytesPerSec: summaries.reduce((sum, { s }) => sum + s.bytesPerSec, 0),
    pages: Object.fromEntries(
      summaries.map(({ page, s }) => [
        page.name.toLowerCase(),
        {
          path: page.path,
          loadS: page.loadS,
          liveControl: page.liveControl,
          ...s,
          heapSamplesMb: page.heapSamplesMb,
          received: page.received,
          receivedBeforeWindow: page.receivedBeforeWindow,
          longTasksTop: page.probe.longTasks.top,
          longTasksBeforeWindow: page.probe.beforeWindow,
          longAnimationFrames: page.probe.longFrames,
          frameBucketsMs: { limits: FRAME_BUCKETS_MS, counts: page.probe.frames.buckets },
          clicksMs: page.probe.clicks,
          eventTimingClickMs: page.probe.eventTimingMs,
          clickFailures: page.clickFailures,
          hiddenDuringWindow: page.probe.hiddenDuringWindow,
          errors: page.errors,
        },
      ]),
    ),
    targets: TARGETS,
    checks,
  };
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  out(`wrote ${OUT_FILE}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:ui failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
