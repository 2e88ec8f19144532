import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { createStore } from '@/db/client';
import { migrateStore } from '@/db/migrate';
import { freePort } from '@/server/demo/free-port';
import { deletePrefix, testRedis } from '@/server/testing/redis';
import { saveScreenshot } from './support/screenshot';
import { startServer, type RunningServer } from './support/server';
import { signIn } from './support/sign-in';

/**
 * An event whose data is far over the preview budget, in a server of its own (its own database, the
 * event inserted directly): the drawer shows the start of it, says it is truncated and how large the
 * whole is, and downloads the whole.
 */
test.describe('the drawer with a large payload', () => {
  // one server for the block, started in beforeAll: its tests stay in one worker, in order
  test.describe.configure({ mode: 'default' });
  let database: TestDatabase;
  let server: RunningServer;
  let storedBytes = 0;
  const prefix = `e2e-payload-${randomBytes(3).toString('hex')}`;

  test.beforeAll(async () => {
    database = await createTestDatabase('e2e-payload');
    const store = await createStore({ url: database.url, max: 1 });
    await migrateStore(store, database.url);
    await store.close();
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    // over 2 MB: about ten times the default 256 KB preview
    await sql`
      insert into events (source, event_id, time, topic, stream, entry_id, type, correlation_id, data, size_bytes)
      select '/services/exporter', 'bulk-export-1', now() - interval '1 minute', 'exports', 'el:{exports}:stream',
             '1-0', 'export.completed', 'corr-export-1',
             jsonb_build_object('export', 'orders-2025-03', 'rows', jsonb_agg(jsonb_build_object(
               'order', 'ord-' || g, 'customer', 'cust-' || (g % 97), 'total', g * 1.25,
               'lines', jsonb_build_array(jsonb_build_object('sku', 'sku-' || (g % 13), 'qty', g % 5 + 1))))),
             0
      from generate_series(1, 22000) g`;
    // the entry as written: the envelope around the data
    await sql`update events set size_bytes = octet_length(data::text) + 310 where event_id = 'bulk-export-1'`;
    const [row] = await sql<{ bytes: number }[]>`
      select octet_length(data::text)::int as bytes from events where event_id = 'bulk-export-1'`;
    storedBytes = row!.bytes;
    await sql.end();
    server = await startServer({
      port: await freePort(),
      quiet: true,
      env: { DATABASE_URL: database.url, EVENTLENS_PREFIX: prefix, EVENTLENS_RECORDER: '0' },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await database?.drop();
    const redis = await testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const open = async (page: Page) => {
    await signIn(page.request, server.url);
    await page.goto(`${server.url}/events?mode=history&event=bulk-export-1`);
    const drawer = page.getByRole('dialog', { name: 'export.completed' });
    // a 2 MB row read and cut on a loaded 2-core machine: seen at 10+ s in a full run
    await expect(drawer).toBeVisible({ timeout: 30_000 });
    return drawer;
  };

  test('shows the start, the true size, "truncated", and downloads the whole', async ({ page }, testInfo) => {
    const drawer = await open(page);
    const data = drawer.getByRole('region', { name: 'Data' });
    await expect(data.getByText('Truncated', { exact: true })).toBeVisible();
    await expect(data.getByRole('note')).toHaveText(
      /^Showing the first \d{3} KB of \d\.\d MB\. Download the whole data to see the rest\.$/,
    );
    const preview = data.getByLabel('Event data (preview, truncated)');
    // jsonb orders keys by length: `rows` comes first, and the preview ends inside it
    await expect(preview).toContainText('"order": "ord-1",');
    await expect(preview).toContainText('… truncated');
    const link = data.getByRole('link', { name: /^Download data \(\d\.\d MB\)$/ });
    await expect(link).toHaveAttribute(
      'href',
      /^\/api\/events\/bulk-export-1\/payload\?source=%2Fservices%2Fexporter$/,
    );

    for (const [width, height] of [
      [1440, 900],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      // the drawer scrolls on its own: bring the payload to its top for the picture
      await data.evaluate((section) => section.scrollIntoView({ block: 'start' }));
      await saveScreenshot(page, testInfo, `events-drawer-large-dark-${width}`);
      await page.getByRole('button', { name: 'Switch to light theme' }).click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      await saveScreenshot(page, testInfo, `events-drawer-large-light-${width}`);
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    }

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('data-bulk-export-1.json');
    const path = testInfo.outputPath('download.json');
    await download.saveAs(path);
    expect(statSync(path).size).toBe(storedBytes);
  });
});
