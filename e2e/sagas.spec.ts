import type { Browser, Page } from '@playwright/test';
import { UnrecoverableError } from '@/server/bus/errors';
import { defineSaga } from '@/server/bus/saga';
import { E2E_OPERATOR, E2E_VIEWER } from './support/accounts';
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

/** A browser signed in as `account` through the API, as a script would (cookies of this context only). */
async function signedInAs(
  browser: Browser,
  baseURL: string | undefined,
  account: { email: string; password: string },
): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const answer = await context.request.post('/api/auth/sign-in/email', {
    data: { email: account.email, password: account.password },
    headers: { origin: baseURL ?? '' },
  });
  expect(answer.status(), await answer.text()).toBe(200);
  return context.newPage();
}

test('a stuck instance: an operator retries its compensation, a viewer cannot', async ({
  browser,
  baseURL,
  seed,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  // a real orchestrator in this worker: the refund service is down until the operator's retry
  let refundsDown = true;
  const saga = defineSaga<{ order: number }, { reserve: string; charge: null }>({
    name: seed.name('refund'),
    version: 1,
    steps: [
      {
        name: 'reserve',
        action: (c) => `r-${c.input.order}`,
        compensate: () => {
          if (refundsDown) throw new Error('refund service unavailable');
        },
        compensationName: 'release',
        compensationRetry: { maxAttempts: 2, baseMs: 50, maxMs: 100 },
      },
      {
        name: 'charge',
        action: () => {
          throw new UnrecoverableError('card declined by issuer');
        },
      },
    ],
  });
  const bus = seed.bus(seed.name('orders'));
  await bus.sagas.register(saga);
  const sagaId = await bus.sagas.start(saga, { order: 7 });
  await sagaRecorded(request, sagaId, 'stuck');

  const viewer = await signedInAs(browser, baseURL, E2E_VIEWER);
  try {
    await viewer.goto(`/sagas/${sagaId}`);
    const heading = viewer.getByRole('heading', { level: 1, name: new RegExp(saga.name) });
    await expect(heading).toContainText('Stuck');
    const actions = viewer.getByRole('region', { name: 'Operator actions' });
    await expect(actions).toContainText('Operators can retry step');
    await expect(actions.getByRole('button')).toHaveCount(0);
    // not offered, and refused by the server too
    const refused = await viewer.request.post(`/api/sagas/${sagaId}/retry`, {
      data: {},
      headers: { origin: baseURL ?? '' },
    });
    expect(refused.status()).toBe(403);
  } finally {
    await viewer.context().close();
  }

  const operator = await signedInAs(browser, baseURL, E2E_OPERATOR);
  try {
    await operator.goto(`/sagas/${sagaId}`);
    await expect(operator.getByRole('heading', { level: 1, name: new RegExp(saga.name) })).toContainText(
      'Stuck',
    );
    await saveScreenshot(operator, testInfo, 'saga-stuck-operator');
    refundsDown = false;
    await operator.getByRole('button', { name: 'Retry step' }).click();
    const dialog = operator.getByRole('dialog', { name: `Retry step: ${saga.name}` });
    await expect(dialog).toContainText('Runs the stuck compensation of reserve again');
    await dialog.getByLabel(/^Reason/).fill('refund service is back');
    await dialog.getByRole('button', { name: 'Retry step' }).click();
    await expect(dialog).toBeHidden();
    await expect(operator.getByRole('status').filter({ hasText: 'Retry requested' })).toBeVisible();
    // the orchestrator runs the compensation again; the recorder projects it; the page refetches
    await expect(operator.getByRole('heading', { level: 1, name: new RegExp(saga.name) })).toContainText(
      'Compensated',
      { timeout: 30_000 },
    );
    const history = operator.getByRole('region', { name: 'Action history' });
    await expect(history).toContainText('refund service is back');
    await expect(history).toContainText(E2E_OPERATOR.email);
  } finally {
    await operator.context().close();
  }
});
