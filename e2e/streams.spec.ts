import type { Locator } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshot';

/** Topics each test seeds (scoped to it by the fixture). */
const TOPICS = ['signals', 'validated', 'enriched', 'analyzed', 'alerts'];

/** A body row of a grid table, found by the exact text of one of its cells' contents. */
const rowWith = (table: Locator, text: string): Locator =>
  table.getByRole('row').filter({ has: table.page().getByText(text, { exact: true }) });

test('the streams table lists the topics with their entries', async ({ page, seed }, testInfo) => {
  const topics = TOPICS.map((name) => seed.topic(name));
  for (const topic of topics) await seed.publish(topic, 3);
  await seed.group(topics[0]!, 'validate');

  await page.goto('/streams');
  await expect(page.getByRole('heading', { level: 1, name: 'Streams' })).toBeVisible();
  const streams = page.getByRole('table', { name: 'Streams' });
  for (const topic of topics) {
    const row = rowWith(streams, topic);
    await expect(row).toHaveCount(1);
    // Length is the second cell
    await expect(row.getByRole('cell').nth(1)).toHaveText('3');
  }
  const groups = page.getByRole('table', { name: 'Consumer groups' });
  await expect(groups.getByRole('button', { name: `validate on ${topics[0]}` })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Refresh: Live, every 3s' })).toBeVisible();
  await saveScreenshot(page, testInfo, 'streams');
});

test('a group expands into its lag, pending entries, consumers and histograms', async ({
  page,
  seed,
}, testInfo) => {
  // a stalled SIEM export: two entries held pending, the rest waiting as lag
  const topic = seed.topic('analyzed');
  const exporter = seed.name('siem-exporter');
  await seed.publish(topic, 40, { type: 'signal.analyzed' });
  await seed.group(topic, 'siem-export', { service: exporter, stalled: true, concurrency: 2 });
  const name = `siem-export on ${topic}`;

  await page.goto('/streams');
  await page.getByRole('searchbox', { name: 'Filter by topic or group' }).fill(topic);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${topic.replace('.', '\\.')}`));

  const groups = page.getByRole('table', { name: 'Consumer groups' });
  const toggle = groups.getByRole('button', { name });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page).toHaveURL(new RegExp(`[?&]group=${topic.replace('.', '\\.')}%2Fsiem-export`));

  const row = groups.getByRole('row').filter({ has: page.getByRole('button', { name }) });
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^[1-9][\d,]*$/);
  await expect(row.getByRole('cell').nth(6)).toHaveText(/^\d[\d,]*$/);

  const detail = page.getByRole('region', { name: `Group ${name}` });
  for (const term of ['Lag', 'Time to clear', 'Pending', 'Last delivered']) {
    await expect(detail.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) })).toBeVisible();
  }
  await expect(detail.getByRole('button', { name: /^Copy entry id \d+-\d+$/ }).first()).toBeVisible();

  const consumers = detail.getByRole('table', { name: 'Consumers' });
  const running = consumers.getByRole('row').filter({ hasText: exporter }).filter({ hasText: 'Running' });
  await expect(running.first()).toBeVisible();
  await expect(
    consumers.getByRole('button', { name: new RegExp(`^Copy consumer name ${exporter}-`) }).first(),
  ).toBeAttached();

  await expect(detail.getByRole('img', { name: /^Idle time of / })).toBeVisible();
  await expect(detail.getByRole('img', { name: /^Delivery count of / })).toBeVisible();
  await expect(detail.getByRole('heading', { name: 'Stuck entries' })).toBeVisible();

  // reloading keeps the filter and the expanded group: both live in the URL
  await page.reload();
  await expect(page.getByRole('button', { name })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('searchbox', { name: 'Filter by topic or group' })).toHaveValue(topic);
  // lag is sampled into the rollups every 10 s
  await expect(
    page.getByRole('region', { name: `Group ${name}` }).getByRole('img', { name: /^Lag over/ }),
  ).toBeVisible({ timeout: 30_000 });
  await saveScreenshot(page, testInfo, 'streams-group');
});
