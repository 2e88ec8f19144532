import { expect, test } from './support/fixtures';
import { largeTrace, traceRecorded } from './support/trace-seed';

/*
 * A 10,000-event trace written straight to its stream (support/trace-seed.ts says why), opened from
 * the search: virtualized, loading as it scrolls, every view of it usable. What its main thread pays
 * (long tasks) is `npm run bench:trace-ui`'s to measure, not a test's.
 */

test('a 10,000-event trace renders virtualized and loads as it scrolls', async ({
  page,
  seed,
  redis,
  request,
}) => {
  test.setTimeout(180_000);
  const { correlationId } = await largeTrace(seed, redis);
  await traceRecorded(request, correlationId, { events: 10_000 }, 120_000);

  await page.goto(`/traces?correlationId=${encodeURIComponent(correlationId)}`);
  const open = page.getByRole('table', { name: 'Traces' }).getByRole('link', { name: 'bulk.started' });
  await expect(open).toBeVisible();
  await open.click();
  const tree = page.getByRole('tree', { name: 'Causation tree' });
  await expect(tree.getByRole('treeitem').first()).toBeVisible();
  await expect(page.getByText(/of 10,000 rows loaded/)).toBeVisible();
  // virtualized: a screenful of rows in the DOM, not ten thousand
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(120);

  // scroll to the end a few times: the next pages load as the list nears its end
  for (let i = 0; i < 4; i++) {
    await tree.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await page.waitForTimeout(400);
  }
  await expect(
    page.getByText(/^[2-9],\d{3} of 10,000 rows loaded|^10,000 of 10,000 rows loaded/),
  ).toBeVisible();
  await tree.evaluate((element) => element.scrollTo({ top: 0 }));
  await tree.getByRole('button', { name: /^Collapse bulk\.started/ }).click();
  await expect(tree.getByRole('treeitem')).toHaveCount(1);
  await tree.getByRole('button', { name: /^Expand bulk\.started/ }).click();
  await page.getByRole('tab', { name: 'Waterfall' }).click();
  await expect(page.getByRole('table', { name: 'Waterfall' }).getByRole('row').nth(5)).toBeVisible();
  await page.getByRole('tab', { name: 'Sequence' }).click();
  await expect(page.getByText(/^Showing 400 of [\d,]+ messages/)).toBeVisible();
});
