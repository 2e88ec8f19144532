import { expect, test } from './support/fixtures';
import { compensatedSaga, retriedSaga, sagaRecorded } from './support/saga-seed';
import { saveScreenshot } from './support/screenshot';

/*
 * The Sagas pages against an instance each test seeds through lifecycle events (support/saga-seed.ts):
 * the list filtered to its definition, the definition's diagram, the instance's timeline with its
 * compensation paired to its step, and the way on to its trace.
 */

const THEMES = ['dark', 'light'] as const;

test('list → timeline → trace, both themes', async ({ page, seed, request, redis }, testInfo) => {
  const saga = await compensatedSaga(seed, redis);
  await sagaRecorded(request, saga.sagaId, 'compensated');

  for (const theme of THEMES) {
    await page.goto('/sagas');
    await page.evaluate((value) => localStorage.setItem('eventlens-theme', value), theme);
    await page.goto(`/sagas?definition=${encodeURIComponent(saga.definition)}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

    const instances = page.getByRole('table', { name: 'Saga instances' });
    await expect(instances.getByRole('row')).toHaveCount(2);
    await expect(instances.getByRole('row').nth(1)).toContainText('Compensated');
    await expect(instances.getByRole('link', { name: `Trace ${saga.correlationId}` })).toHaveAttribute(
      'href',
      `/traces/${saga.correlationId}`,
    );
    // the definition filtered to is drawn, its compensations under their steps
    const diagram = page.getByRole('figure', { name: new RegExp(`^Diagram of ${saga.definition} v1`) });
    await expect(diagram).toContainText('release-stock');
    await expect(diagram).toContainText('refund-card');
    await saveScreenshot(page, testInfo, `sagas-list-${theme}`);

    await instances.getByRole('link', { name: saga.definition, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/sagas/${saga.sagaId}$`));
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(saga.definition) })).toContainText(
      'Compensated',
    );
    const timeline = page.getByRole('table', { name: 'Saga timeline' });
    const reserve = timeline.getByRole('rowgroup', {
      name: 'Step 1: reserve-stock, paired with its compensation release-stock',
    });
    await expect(reserve.getByRole('row')).toHaveCount(2);
    await expect(reserve.getByRole('row').nth(1)).toContainText('completed');
    const charge = timeline.getByRole('rowgroup', { name: /^Step 2: charge-card/ });
    await expect(charge.getByRole('row').first()).toContainText('1 timeout');
    await expect(charge.getByRole('row').first()).toContainText('1 late reply');
    await charge.getByRole('button', { name: 'Step charge-card' }).click();
    const attempts = page.getByRole('table', { name: 'Attempts of step charge-card' });
    await expect(attempts.getByRole('row')).toHaveCount(3);
    await expect(attempts).toContainText('card declined by issuer');
    await saveScreenshot(page, testInfo, `saga-timeline-${theme}`);
  }

  await page.getByRole('link', { name: 'Open trace' }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${saga.correlationId}$`));
});

test('an instance retried after it compensated shows both rounds, both themes', async ({
  page,
  seed,
  request,
  redis,
}, testInfo) => {
  const saga = await retriedSaga(seed, redis);
  await sagaRecorded(request, saga.sagaId, 'completed');

  for (const theme of THEMES) {
    await page.goto('/sagas');
    await page.evaluate((value) => localStorage.setItem('eventlens-theme', value), theme);
    await page.goto(`/sagas/${encodeURIComponent(saga.sagaId)}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

    const timeline = page.getByRole('table', { name: 'Saga timeline' });
    await expect(timeline.getByRole('rowheader', { name: /^Round \d$/ })).toHaveText(['Round 1', 'Round 2']);
    const first = timeline.getByRole('rowgroup', { name: /^Round 1, step 2: charge/ });
    await expect(first.getByRole('row').first()).toContainText('failed');
    const second = timeline.getByRole('rowgroup', { name: /^Round 2, step 2: charge/ });
    await expect(second.getByRole('row').first()).toContainText('completed');
    // round 1 released its reservation; round 2 had nothing to undo
    const reserveAgain = timeline.getByRole('rowgroup', { name: /^Round 2, step 1: reserve/ });
    await expect(reserveAgain.getByRole('row').nth(1)).toContainText('skipped');
    await saveScreenshot(page, testInfo, `saga-rounds-${theme}`);
  }
});
