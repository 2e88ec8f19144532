import type { Locator, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { freePort } from '@/server/demo/free-port';
import { deletePrefix, testRedis } from '@/server/testing/redis';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshot';
import { startServer, type RunningServer } from './support/server';
import { signIn } from './support/sign-in';

/** Seeded traffic needs 10–20 s before the first 10 s rollups close; the 1 min ones take up to a minute. */
const DATA = { timeout: 60_000 };
const CHARTS = ['Throughput per topic', 'Processing latency', 'Lag per group', 'Dead letters over time'];

/** Escapes a name for a RegExp (topic names have dots). */
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const chart = (page: Page, name: string): Locator => page.getByRole('figure', { name });

/** A chart that drew something: recharts renders each series (area, line, bar) as SVG paths. */
async function expectDrawn(figure: Locator, wait = DATA): Promise<void> {
  await expect(figure).toBeVisible(wait);
  await expect(async () => expect(await figure.locator('path').count()).toBeGreaterThan(0)).toPass(wait);
}

/** Long enough for the 1 min rollups of traffic that started with the test to close. */
const MINUTE_CLOSED = { timeout: 150_000 };

/** A tile's figure, as text: "52.3". */
const tileValue = (page: Page, label: string) =>
  page.getByRole('region', { name: label, exact: true }).getByRole('paragraph').first();

test.describe('with traffic', () => {
  // each test seeds a pipeline and waits for the rollups it needs
  test.describe.configure({ timeout: 300_000 });

  test('the range lives in the URL and the charts redraw for it', async ({ page, seed }) => {
    await seed.pipeline();
    await page.goto('/');
    await expectDrawn(chart(page, 'Throughput per topic'));

    await page.getByRole('radio', { name: '15 min' }).click();
    await expect(page).toHaveURL(/[?&]range=15m\b/);
    await expect(page.getByRole('radio', { name: '15 min' })).toHaveAttribute('aria-checked', 'true');
    const throughput = page.getByRole('region', { name: 'Throughput per topic' });
    await expect(throughput.getByText(/over the last 15 minutes, 10s steps/)).toBeVisible();
    await expectDrawn(chart(page, 'Throughput per topic'));

    await page.getByRole('radio', { name: '24 h' }).click();
    await expect(page).toHaveURL(/[?&]range=24h\b/);
    // the charts re-read for the new range: 1m steps (drawn once a minute has closed; the last
    // test checks that)
    await expect(throughput.getByText(/over the last 24 hours, 1m steps/)).toBeVisible(DATA);

    // a reload keeps the range: the URL is the state
    await page.reload();
    await expect(page.getByRole('radio', { name: '24 h' })).toHaveAttribute('aria-checked', 'true');
    await expect(throughput.getByText(/1m steps/)).toBeVisible();

    // the default range leaves the URL clean
    await page.getByRole('radio', { name: '1 h' }).click();
    await expect(page).not.toHaveURL(/range=/);
  });

  test('the latency chart follows the group chosen in the URL', async ({ page, seed }) => {
    const { topics, groups } = await seed.pipeline();
    const key = `${topics.signals}/${groups.validate}`;
    const label = `${groups.validate} · ${topics.signals}`;
    // a group from the URL stays listed
    await page.goto(`/?range=15m&group=${encodeURIComponent(key)}`);
    const picker = page.getByRole('combobox', { name: 'Group' });
    await expect(picker).toHaveValue(key, DATA);
    const latency = page.getByRole('region', { name: 'Processing latency' });
    await expect(
      latency.getByText(new RegExp(`for (${re(label)}|${re(key)}) over the last 15 minutes`)),
    ).toBeVisible(DATA);
    await expectDrawn(chart(page, 'Processing latency'));
    await expect(page.getByRole('list', { name: 'Percentiles over the range' })).toContainText(
      /p95\s*[\d.]+ m?s/,
      DATA,
    );
    // choosing in the picker writes the URL
    await picker.selectOption({ label: 'All groups' });
    await expect(page).not.toHaveURL(/[?&]group=/);
    await expect(latency.getByText('for all groups over the last 15 minutes')).toBeVisible();
    // and every recorded group can be chosen there, past the 50 the lag chart draws
    await picker.selectOption({ label });
    await expect(page).toHaveURL(new RegExp(`[?&]group=${re(encodeURIComponent(key))}`));
  });

  test('loading shows skeletons; a failed chart says why and recovers with Retry', async ({
    page,
    seed,
  }, testInfo) => {
    await seed.pipeline();
    let fail = true;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // hold the chart reads so the skeletons stay up for the screenshot
    await page.route('**/api/metrics**', async (route) => {
      await held;
      await route.fallback();
    });
    await page.route('**/api/metrics/breakdown?metric=published*', async (route) => {
      await held;
      if (!fail) return route.fallback();
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'INTERNAL', message: 'store timed out' } }),
      });
    });
    await page.goto('/');
    await expect(page.getByLabel('Loading Throughput per topic')).toBeVisible(DATA);
    await saveScreenshot(page, testInfo, 'overview-loading');
    release();

    const throughput = page.getByRole('region', { name: 'Throughput per topic' });
    await expect(throughput.getByRole('alert')).toContainText('store timed out', DATA);
    await expectDrawn(chart(page, 'Lag per group'));
    await saveScreenshot(page, testInfo, 'overview-chart-error');
    fail = false;
    await throughput.getByRole('button', { name: 'Retry' }).click();
    await expectDrawn(chart(page, 'Throughput per topic'));
  });

  test('tiles show live traffic and every chart draws it', async ({ page, seed }, testInfo) => {
    await seed.pipeline();
    // the legend lists the busiest topics of the range: this one outnumbers every other test's
    const busiest = seed.topic('busiest');
    await seed.history(busiest, { perSecond: 100 });
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

    // events/s comes from the last minute of 10 s rollups, pushed by the metrics room
    await expect(tileValue(page, 'Events per second')).toHaveText(
      /^(0\.\d*[1-9]|[1-9])[\d.,K]*\s*ev\/s/,
      DATA,
    );
    for (const label of ['Error rate', 'Dead letters', 'Worst lag', 'Unhealthy consumers']) {
      await expect(page.getByRole('region', { name: label, exact: true })).toBeVisible();
    }

    // the tile reviews what waits for an operator: the Dead letters page filtered to pending
    await expect(
      page
        .getByRole('region', { name: 'Dead letters', exact: true })
        .getByRole('link', { name: 'Dead letters' }),
    ).toHaveAttribute('href', '/dead-letters?status=pending');

    for (const name of CHARTS) {
      await expect(chart(page, name)).toBeVisible(DATA);
      await expectDrawn(chart(page, name));
    }
    // the legend ranks the range's topics once the recorder has rolled up the seeded history
    await expect(page.getByRole('list', { name: /^Topics/ }).getByText(busiest)).toBeVisible(DATA);
    await expect(
      page
        .getByRole('list', { name: /^Groups/ })
        .getByRole('listitem')
        .first(),
    ).toBeVisible();
    await expect(page.getByRole('radio', { name: '1 h' })).toHaveAttribute('aria-checked', 'true');

    await saveScreenshot(page, testInfo, 'overview');

    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expectDrawn(chart(page, 'Throughput per topic'));
    await saveScreenshot(page, testInfo, 'overview-light');

    // a day of 1 min steps: drawn once the traffic's first minute has closed
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('radio', { name: '24 h' }).click();
    await expect(page).toHaveURL(/[?&]range=24h\b/);
    // a seeded pipeline's first handled minute closes up to two minutes after it starts
    for (const name of CHARTS) await expectDrawn(chart(page, name), MINUTE_CLOSED);
    await saveScreenshot(page, testInfo, 'overview-24h');
  });
});

/** A server of its own on an empty prefix and database, without the demo: what a newcomer meets. */
test.describe('before any traffic', () => {
  // one server for the block, started in beforeAll: its tests stay in one worker, in order
  test.describe.configure({ mode: 'default' });
  let database: TestDatabase;
  let server: RunningServer;
  const prefix = `e2eempty${randomBytes(3).toString('hex')}`;

  test.beforeAll(async () => {
    database = await createTestDatabase('overview_empty');
    server = await startServer({
      port: await freePort(),
      quiet: true,
      env: { DATABASE_URL: database.url, EVENTLENS_PREFIX: prefix, EVENTLENS_STREAMS: `${prefix}*` },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await database?.drop();
    const redis = await testRedis(process.env.REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  test('the overview says how to get traffic', async ({ page }, testInfo) => {
    await signIn(page.request, server.url);
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'No streams seen yet' })).toBeVisible();
    await expect(page.getByText('npm run demo').first()).toBeVisible();
    await expect(page.getByText('REDIS_URL')).toBeVisible();
    await saveScreenshot(page, testInfo, 'overview-empty');
  });

  // on the shared e2e server other specs have recorded traffic by now: only this one is still empty
  test('traces say how to get traffic, not only "nothing found"', async ({ page }) => {
    await signIn(page.request, server.url);
    await page.goto(`${server.url}/traces`);
    await expect(page.getByRole('heading', { name: 'No traces yet' })).toBeVisible();
    await expect(page.getByText('npm run demo').first()).toBeVisible();
  });
});
