import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshot';
import { orderChain, traceRecorded } from './support/trace-seed';

/*
 * The Traces pages against traces each test seeds: a chain across three services through the SDK
 * (billing, shipping that fails once and retries, a notifier that dead-letters), compared with its
 * twin. The 10,000-event trace has its own spec (traces-large.spec.ts).
 */

test('search → open → expand → critical path → jump to the dead letter → back', async ({
  page,
  seed,
  request,
}, testInfo) => {
  const chain = await orderChain(seed);
  await traceRecorded(request, chain.correlationId, { events: 3, deadLetters: 1, failures: 2 });

  await page.goto(`/traces?correlationId=${encodeURIComponent(chain.correlationId)}`);
  const results = page.getByRole('table', { name: 'Traces' });
  await expect(results.getByRole('row')).toHaveCount(2);
  await expect(results.getByRole('row').nth(1)).toContainText(chain.services.shipping);
  await expect(page.getByText(/^Searched /)).toBeVisible();
  await results.getByRole('link', { name: 'order.placed' }).click();

  await expect(page).toHaveURL(new RegExp(`/traces/${chain.correlationId}$`));
  await expect(page.getByRole('heading', { level: 1, name: /order\.placed/ })).toBeVisible();
  const summary = page.getByRole('definition');
  await expect(summary.nth(2)).toHaveText('3');
  const tree = page.getByRole('tree', { name: 'Causation tree' });
  await expect(tree.getByRole('treeitem')).toHaveCount(3);
  // the retry: shipping's delivery took two attempts, with the backoff before the second
  const shipping = tree.getByRole('group', { name: `${chain.services.shipping}: handled` });
  await expect(shipping).toContainText('2 attempts');
  await expect(shipping).toContainText('retry after');
  await saveScreenshot(page, testInfo, 'trace-tree');

  // Export downloads the trace as JSON
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export JSON' }).click();
  expect((await download).suggestedFilename()).toBe(`trace-${chain.correlationId}.json`);

  // collapse the root: only it is left; expand: all three again
  await tree.getByRole('button', { name: /^Collapse order\.placed/ }).click();
  await expect(tree.getByRole('treeitem')).toHaveCount(1);
  await expect(tree.getByRole('treeitem').first()).toHaveAttribute('aria-expanded', 'false');
  await tree.getByRole('button', { name: /^Expand order\.placed/ }).click();
  await expect(tree.getByRole('treeitem')).toHaveCount(3);

  // the critical path, in the waterfall, with where its time went
  const waterfall = page.getByRole('tab', { name: 'Waterfall' });
  await waterfall.click();
  await expect(waterfall).toHaveAttribute('aria-selected', 'true');
  // the checkbox follows the URL, so it is checked once the navigation lands
  await page.getByLabel('Critical path only').click();
  await expect(page).toHaveURL(/view=waterfall&critical=1/);
  await expect(page.getByLabel('Critical path only')).toBeChecked();
  const hops = page.getByRole('table', { name: 'Critical path hops' });
  // root → payment.requested → shipping's work (its retry included), whichever of its ends came last
  await expect(hops).toContainText('order.placed');
  await expect(hops).toContainText('payment.requested');
  await expect(hops).toContainText(chain.services.shipping);
  await expect(page.getByRole('table', { name: 'Critical path by service' })).toContainText(
    chain.services.shipping,
  );
  await saveScreenshot(page, testInfo, 'trace-waterfall');

  await page.getByRole('tab', { name: 'Sequence' }).click();
  await expect(page.getByRole('figure', { name: 'Sequence diagram' })).toContainText(
    /\d+ messages between \d+ services/,
  );

  // the dead letter the notifier's delivery led to, and back
  await page.getByRole('tab', { name: 'Tree' }).click();
  await expect(page).toHaveURL(/\?critical=1$/);
  await page.getByLabel('Critical path only').click();
  await expect(page.getByLabel('Critical path only')).not.toBeChecked();
  const notifier = tree.getByRole('group', { name: `${chain.services.notifier}: dead-lettered` });
  await notifier.getByRole('link', { name: 'Dead letter' }).click();
  await expect(page).toHaveURL(/\/dead-letters\?letter=/);
  const drawer = page.getByRole('dialog', { name: 'shipment.created' });
  await expect(drawer.getByRole('region', { name: 'Error' })).toContainText('customer has no e-mail address');
  // the letter links back to its trace
  await expect(drawer.getByRole('link', { name: 'Its correlation chain' })).toHaveAttribute(
    'href',
    `/traces/${chain.correlationId}`,
  );
  await page.goBack();
  await expect(tree.getByRole('treeitem')).toHaveCount(3);

  // an event opens in the Events drawer, which leads back to its trace
  await tree.getByRole('link', { name: 'payment.requested' }).click();
  const event = page.getByRole('dialog', { name: 'payment.requested' });
  await event.getByRole('link', { name: 'Open trace' }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${chain.correlationId}$`));
  await expect(tree.getByRole('treeitem')).toHaveCount(3);
});

test('compare two orders hop by hop; a trace in progress grows while it is open', async ({
  page,
  seed,
  request,
}) => {
  const chain = await orderChain(seed);
  await traceRecorded(request, chain.correlationId, { events: 3, deadLetters: 1, failures: 2 });
  const twin = `twin-${seed.scope}`;
  await chain.placeOrder(twin);
  const twinTrace = await traceRecorded(request, twin, { events: 3, deadLetters: 1 });

  // both orders went through billing, a quiet service among the other specs' traffic: the search walks
  // its topics
  await page.goto(`/traces?service=${encodeURIComponent(chain.services.billing)}`);
  const results = page.getByRole('table', { name: 'Traces' });
  await expect(results.getByRole('row')).toHaveCount(3);
  await page.getByRole('checkbox', { name: `Select order.placed ${chain.correlationId} to compare` }).check();
  await page.getByRole('checkbox', { name: `Select order.placed ${twin} to compare` }).check();
  await page.getByRole('link', { name: 'Compare' }).click();
  await expect(page).toHaveURL(/\/traces\/compare\?a=.+&b=.+/);
  const hops = page.getByRole('table', { name: /hops/i });
  await expect(hops).toContainText('payment.requested');
  await expect(hops).toContainText('shipment.created');

  // the twin is still in progress: an event caused by its root appears without a reload
  await page.goto(`/traces/${encodeURIComponent(twin)}`);
  const tree = page.getByRole('tree', { name: 'Causation tree' });
  await expect(tree.getByRole('treeitem')).toHaveCount(3);
  await seed.bus(chain.services.checkout).publish(seed.topic('audit'), {
    type: 'order.audited',
    correlationId: twin,
    causationId: twinTrace.summary.rootEventId!,
    data: { by: 'e2e' },
  });
  await expect(tree.getByRole('treeitem')).toHaveCount(4, { timeout: 20_000 });
  await expect(tree.getByRole('link', { name: 'order.audited' })).toBeVisible();
});
