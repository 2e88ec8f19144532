import { expect, test, type Locator } from '@playwright/test';
import { saveScreenshot } from './support/screenshot';

/** The demo's threat pipeline: every topic carries traffic within seconds of the server starting. */
const DEMO_TOPICS = [
  'threat.signals',
  'threat.validated',
  'threat.enriched',
  'threat.analyzed',
  'threat.alerts',
];

/** A body row of a grid table, found by the exact text of one of its cells' contents. */
const rowWith = (table: Locator, text: string): Locator =>
  table.getByRole('row').filter({ has: table.page().getByText(text, { exact: true }) });

test('the streams table lists the demo topics with their entries', async ({ page }, testInfo) => {
  await page.goto('/streams');
  await expect(page.getByRole('heading', { level: 1, name: 'Streams' })).toBeVisible();
  const streams = page.getByRole('table', { name: 'Streams' });
  for (const topic of DEMO_TOPICS) {
    const row = rowWith(streams, topic);
    await expect(row).toHaveCount(1);
    // Length is the second cell: a positive count once the demo has published
    await expect(row.getByRole('cell').nth(1)).toHaveText(/^[1-9][\d,]*$/);
  }
  const groups = page.getByRole('table', { name: 'Consumer groups' });
  await expect(groups.getByRole('button', { name: 'validate on threat.signals' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Refresh: Live, every 3s' })).toBeVisible();
  await saveScreenshot(page, testInfo, 'streams');
});

test('a group expands into its lag, pending entries, consumers and histograms', async ({
  page,
}, testInfo) => {
  await page.goto('/streams');
  await page.getByRole('searchbox', { name: 'Filter by topic or group' }).fill('threat.analyzed');
  await expect(page).toHaveURL(/[?&]q=threat\.analyzed/);

  const groups = page.getByRole('table', { name: 'Consumer groups' });
  const toggle = groups.getByRole('button', { name: 'siem-export on threat.analyzed' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page).toHaveURL(/[?&]group=threat\.analyzed%2Fsiem-export/);

  // the slow SIEM export group falls behind within a few seconds of demo traffic
  const row = groups
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: 'siem-export on threat.analyzed' }) });
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^[1-9][\d,]*$/, { timeout: 30_000 });
  await expect(row.getByRole('cell').nth(6)).toHaveText(/^\d[\d,]*$/);

  const detail = page.getByRole('region', { name: 'Group siem-export on threat.analyzed' });
  for (const term of ['Lag', 'Time to clear', 'Pending', 'Last delivered']) {
    await expect(detail.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) })).toBeVisible();
  }
  await expect(detail.getByRole('button', { name: /^Copy entry id \d+-\d+$/ }).first()).toBeVisible();

  const consumers = detail.getByRole('table', { name: 'Consumers' });
  const running = consumers
    .getByRole('row')
    .filter({ hasText: 'siem-exporter' })
    .filter({ hasText: 'Running' });
  await expect(running.first()).toBeVisible();
  await expect(
    consumers.getByRole('button', { name: /^Copy consumer name siem-exporter-/ }).first(),
  ).toBeAttached();

  await expect(detail.getByRole('img', { name: /^Idle time of / })).toBeVisible();
  await expect(detail.getByRole('img', { name: /^Delivery count of / })).toBeVisible();
  await expect(detail.getByRole('heading', { name: 'Stuck entries' })).toBeVisible();

  // reloading keeps the filter and the expanded group: both live in the URL
  await page.reload();
  await expect(page.getByRole('button', { name: 'siem-export on threat.analyzed' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(page.getByRole('searchbox', { name: 'Filter by topic or group' })).toHaveValue(
    'threat.analyzed',
  );
  await expect(
    page
      .getByRole('region', { name: 'Group siem-export on threat.analyzed' })
      .getByRole('img', { name: /^Lag over/ }),
  ).toBeVisible({ timeout: 30_000 });
  await saveScreenshot(page, testInfo, 'streams-group');
});
