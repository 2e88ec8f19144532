import { expect, test } from './support/fixtures';
import { seededAccount } from './support/aggregate-seed';
import { saveScreenshot } from './support/screenshot';

/*
 * The Aggregates page against an account the test defines and appends through the SDK (its bus, open
 * during the test, is the live process that folds the states): the types table, the lookup in the URL,
 * then time travel: step back a version and see the state and the event's changes follow.
 */

const THEMES = ['dark', 'light'] as const;

test('types → lookup → step back in time, both themes', async ({ page, seed }, testInfo) => {
  // two themes and a reload, each page waiting on Redis: minutes on a loaded 2-core machine
  test.setTimeout(120_000);
  const account = await seededAccount(seed);

  for (const theme of THEMES) {
    await page.goto('/aggregates');
    await page.evaluate((value) => localStorage.setItem('eventlens-theme', value), theme);
    await page.goto('/aggregates');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

    const types = page.getByRole('table', { name: 'Aggregate types' });
    const row = types.getByRole('row', { name: new RegExp(account.type) });
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: account.type }).click();
    await expect(page).toHaveURL(new RegExp(`type=${account.type}`));

    const lookup = page.getByRole('form', { name: 'Look up an aggregate' });
    await lookup.getByLabel('Aggregate id').fill(account.id);
    await lookup.getByRole('button', { name: 'Show history' }).click();
    await expect(page).toHaveURL(new RegExp(`id=${account.id}`));

    const history = page.getByRole('list', { name: 'Event history' });
    await expect(history.getByRole('listitem')).toHaveCount(4);
    await expect(page.getByText('version 4 of 4')).toBeVisible();
    const state = page.getByLabel('State', { exact: true });
    await expect(state).toContainText('"balance": 35');
    const changes = page.getByRole('list', { name: 'Changes' });
    await expect(changes).toContainText('$.balance');
    await expect(changes).toContainText('30');
    await expect(changes).toContainText('35');

    // one step back: version 3 (the deposit of 20)
    await page.getByRole('button', { name: 'Previous version' }).click();
    await expect(page).toHaveURL(/at=3/);
    await expect(page.getByText('version 3 of 4')).toBeVisible();
    await expect(state).toContainText('"balance": 30');
    await expect(changes).toContainText('$.deposits[1]');
    await expect(changes.getByRole('listitem').filter({ hasText: '$.balance' })).toContainText('10');
    await expect(history.locator('[aria-current="true"]')).toContainText('v3');

    // straight to the first event from the list
    await history.getByRole('button', { name: /v1/ }).click();
    await expect(page).toHaveURL(/at=1/);
    await expect(state).toContainText('"owner": "Ada"');
    await expect(state).toContainText('"balance": 0');
    await page.getByRole('button', { name: 'Next version' }).click();
    await expect(page).toHaveURL(/at=2/);
    await expect(state).toContainText('"balance": 10');
    await saveScreenshot(page, testInfo, `aggregates-${theme}`);
  }

  // the only process that defines the type stops: the events still show, and the page says why no state
  await account.owner.close({ timeoutMs: 1_000 });
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'State needs a live process' })).toContainText(
    `State needs a live process that defines ${account.type}`,
  );
  await expect(page.getByRole('list', { name: 'Event history' }).getByRole('listitem')).toHaveCount(4);
  await expect(page.getByText(/^No state: it is folded by the code that defines/)).toBeVisible();
  await saveScreenshot(page, testInfo, 'aggregates-no-owner-light');
});
