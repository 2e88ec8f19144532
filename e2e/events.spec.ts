import type { APIRequestContext, Locator } from '@playwright/test';
import type { EventDetail } from '@/server/contracts/events';
import { expect, test, type Seed } from './support/fixtures';
import { saveScreenshot } from './support/screenshot';

/**
 * The Events page against events each test seeds: the live tail over socket.io, the history search
 * over GET /api/events, and the event drawer with its links.
 */

/** A recorded chain validated → enriched → analyzed; resolves with the enriched event's detail. */
async function recordedEnrichedEvent(seed: Seed, request: APIRequestContext): Promise<EventDetail> {
  const chain = await seed.chain(['signal.validated', 'signal.enriched', 'signal.analyzed'], {
    services: [seed.name('validate'), seed.name('enrich'), seed.name('analyze')],
    data: (type) => ({ signal: { host: 'web-01', severity: 'high', stage: type } }),
  });
  await seed.recorded(request, chain.correlationId, 3);
  const response = await request.get(`/api/events/${chain.events[1]!.id}`);
  return (await response.json()) as EventDetail;
}

/** A row's time as a clock: "09:26:53.123" (with the date for another day). */
const CLOCK = /^(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}\.\d{3}$/;

/** The text of the first data row (row 0 is the header). */
async function firstRowText(table: Locator): Promise<string> {
  return (await table.getByRole('row').nth(1).textContent()) ?? '';
}

async function newCount(counter: Locator): Promise<number> {
  const text = (await counter.textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, '') || '0');
}

test('the live tail shows new events, pauses with a growing counter and resumes', async ({
  page,
  seed,
}, testInfo) => {
  seed.traffic(seed.topic('tail'), { batch: 1, everyMs: 100 });
  await page.goto('/events');
  await expect(page.getByRole('tab', { name: 'Live' })).toHaveAttribute('aria-selected', 'true');
  const tail = page.getByRole('table', { name: 'Live events' });
  await expect(tail.getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('tabpanel').getByText('Live', { exact: true })).toBeVisible();

  // new events keep arriving on top
  const before = await firstRowText(tail);
  await expect(async () => expect(await firstRowText(tail)).not.toBe(before)).toPass();
  await expect(page.getByText(/^[\d,]+ \/ 2,000 kept$/)).toBeVisible();
  // times read as clocks, not "just now"; one rate, and "showing 1 in 1" never
  await expect(tail.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(CLOCK);
  await expect(tail.getByRole('columnheader', { name: /^Time UTC/ })).toBeVisible();
  await expect(page.getByText(/ev\/s/)).toHaveCount(1);
  await expect(page.getByText(/showing 1 in 1 of/)).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'events-live');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  const held = await firstRowText(tail);
  const counter = page.getByRole('status').filter({ hasText: / new$/ });
  await expect(counter).toHaveText(/^[1-9][\d,]* new$/);
  const first = await newCount(counter);
  await expect(async () => expect(await newCount(counter)).toBeGreaterThan(first)).toPass();
  // the list did not move while the counter grew
  expect(await firstRowText(tail)).toBe(held);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: / new$/ })).toHaveCount(0);
  await expect(async () => expect(await firstRowText(tail)).not.toBe(held)).toPass();
});

test('the live buffer stays bounded at 2,000 rows and renders only those in view', async ({ page, seed }) => {
  // a few hundred events a second: the buffer fills within seconds, then drops the oldest
  const traffic = seed.traffic(seed.topic('tail'), { batch: 40, everyMs: 100 });
  await page.goto('/events');
  await expect(page.getByText('2,000 / 2,000 kept')).toBeVisible({ timeout: 30_000 });
  // enough: Overview's busiest-topic check (another worker's test) must stay the busiest in the range
  await traffic.stop();
  const tail = page.getByRole('table', { name: 'Live events' });
  await expect(tail).toHaveAttribute('aria-rowcount', '2001');
  expect(await tail.getByRole('row').count()).toBeLessThan(60);
});

test('History finds the events of a correlation id, and says which filter is wrong', async ({
  page,
  request,
  seed,
}, testInfo) => {
  const event = await recordedEnrichedEvent(seed, request);
  const correlationId = event.correlationId!;

  await page.goto('/events');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page).toHaveURL(/mode=history/);
  await page.getByRole('textbox', { name: 'Correlation id' }).fill(correlationId);
  await expect(page).toHaveURL(new RegExp(`correlationId=${correlationId}`));

  const results = page.getByRole('table', { name: 'Recorded events' });
  await expect(results.getByRole('link', { name: 'signal.enriched' })).toBeVisible();
  await expect(results.getByRole('link', { name: 'signal.validated' })).toBeVisible();
  // every row found is of this correlation (the cell's title holds the whole id)
  const rows = await results.getByRole('row').count();
  expect(rows - 1).toBe(3);
  await expect(results.getByTitle(correlationId, { exact: true })).toHaveCount(rows - 1);
  await expect(page.getByText(/^End of results · \d+ events$/)).toBeVisible();
  await expect(results.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(CLOCK);
  await saveScreenshot(page, testInfo, 'events-history');

  // oldest first: the chain reads in the order it happened, and the order is in the URL
  const times = async () =>
    (await results
      .getByRole('row')
      .locator('time')
      .evaluateAll((cells) =>
        cells.map((cell) => Date.parse(cell.getAttribute('datetime') ?? '')),
      )) as number[];
  const oldestFirst = page.getByRole('button', { name: 'Oldest first' });
  await expect(oldestFirst).toHaveAttribute('aria-pressed', 'false');
  const newest = await times();
  expect(newest).toEqual([...newest].sort((a, b) => b - a));
  await oldestFirst.click();
  await expect(page).toHaveURL(/[?&]order=asc/);
  await expect(oldestFirst).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/loaded, oldest first$/)).toBeVisible();
  await expect(async () => {
    const oldest = await times();
    expect(oldest.length).toBeGreaterThanOrEqual(2);
    expect(oldest).toEqual([...oldest].sort((a, b) => a - b));
  }).toPass();
  await oldestFirst.click();
  await expect(page).not.toHaveURL(/[?&]order=asc/);

  // a 400 is shown next to the filter it names
  const from = page.getByRole('textbox', { name: 'From' });
  await from.fill('yesterday');
  await from.press('Enter');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(from).toHaveAccessibleDescription(/expected an ISO 8601 time/);
  await expect(page.getByText('The search was refused: fix the highlighted filter.')).toBeVisible();
});

test('the drawer shows the envelope and opens the event that caused it', async ({
  page,
  request,
  seed,
}, testInfo) => {
  const event = await recordedEnrichedEvent(seed, request);
  const cause = event.cause!;

  await page.goto(`/events?mode=history&correlationId=${event.correlationId}`);
  await page
    .getByRole('table', { name: 'Recorded events' })
    .getByRole('link', { name: 'signal.enriched' })
    .first()
    .click();
  await expect(page).toHaveURL(/[?&]event=/);
  // the selected id is in the URL: open exactly this event by link, as a shared link would
  await page.goto(`/events?mode=history&correlationId=${event.correlationId}&event=${event.id}`);

  const drawer = page.getByRole('dialog', { name: 'signal.enriched' });
  await expect(drawer).toBeVisible();
  const envelope = drawer.getByRole('region', { name: 'Envelope' });
  await expect(envelope.getByText(event.id, { exact: true })).toBeVisible();
  await expect(envelope.getByText(`/services/${seed.name('enrich')}`, { exact: true })).toBeVisible();
  await expect(envelope.getByText(event.correlationId!, { exact: true })).toBeVisible();
  await expect(envelope.getByRole('button', { name: 'Copy event id' })).toBeVisible();
  await expect(envelope.getByRole('button', { name: 'Copy correlation id' })).toBeVisible();
  await expect(drawer.getByRole('button', { name: 'Copy JSON' })).toBeVisible();
  const data = drawer.getByRole('list', { name: 'Event data' });
  await expect(data.getByText('signal:', { exact: true })).toBeVisible();
  await expect(drawer.getByRole('link', { name: /events with this correlation id$/ })).toBeVisible();
  await saveScreenshot(page, testInfo, 'events-drawer');

  await drawer.getByRole('link', { name: `Open cause: ${cause.type}` }).click();
  await expect(page).toHaveURL(new RegExp(`event=${cause.id}`));
  const causeDrawer = page.getByRole('dialog', { name: cause.type });
  await expect(causeDrawer).toBeVisible();
  await expect(
    causeDrawer.getByRole('region', { name: 'Envelope' }).getByText(cause.id, { exact: true }),
  ).toBeVisible();
  // and back down to the event it caused
  await expect(causeDrawer.getByRole('link', { name: 'Open caused event: signal.enriched' })).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]event=/);
});
