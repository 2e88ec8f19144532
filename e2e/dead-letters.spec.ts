import type { APIRequestContext, Page } from '@playwright/test';
import type { DeadLetterGroups } from '@/server/contracts/dead-letter-list';
import { E2E_APPROVER } from './support/accounts';
import { saveScreenshot } from './support/screenshot';
import { expect, test, type Seed } from './support/fixtures';

/*
 * The operator path on the Dead letters page, against letters the test makes itself: a consumer group
 * that fails every event while "broken", so its letters share one fingerprint; then fixed, so a replay
 * succeeds. group → letter drawer → replay preview → paced replay with live progress → outcome, and a
 * four-eyes approval of an edited replay by a second admin.
 */

// both tests read the server's one list of replay jobs and approvals, newest first: one after the other
test.describe.configure({ mode: 'default' });

class CustomerMissingError extends Error {
  override name = 'CustomerMissingError';
}

interface Failing {
  topic: string;
  group: string;
  /** While true the group fails every event it reads. */
  broken: { value: boolean };
}

async function failingGroup(
  seed: Seed,
  count: number,
  on?: { topic: string; group: string },
): Promise<Failing> {
  const topic = on?.topic ?? seed.topic('orders');
  const group = on?.group ?? seed.name('billing');
  const broken = { value: true };
  const subscription = seed.bus(group).subscribe<{ n: number }>(
    group,
    topic,
    async (event) => {
      if (broken.value) throw new CustomerMissingError(`order ${event.data.n} has no customer`);
    },
    // one attempt: the letters exist as soon as the events are read
    { from: 'start', retry: { maxAttempts: 1 } },
  );
  await subscription.ready;
  if (count > 0) await seed.publish(topic, count, { type: 'order.placed' });
  return { topic, group, broken };
}

/** Waits until the store has the topic's letters grouped (the recorder writes them within seconds). */
async function lettersRecorded(request: APIRequestContext, topic: string, count: number): Promise<void> {
  await expect(async () => {
    const response = await request.get(`/api/dead-letters/groups?topic=${encodeURIComponent(topic)}`);
    expect(response.status()).toBe(200);
    const groups = (await response.json()) as DeadLetterGroups;
    expect(groups.total, `dead letters of ${topic}`).toBe(count);
  }).toPass({ timeout: 20_000 });
}

async function openGroup(page: Page, topic: string): Promise<void> {
  await page.goto(`/dead-letters?topic=${encodeURIComponent(topic)}`);
  const groups = page.getByRole('table', { name: 'Failure groups' });
  await groups.getByRole('button', { name: /CustomerMissingError.*has no customer/ }).click();
}

test('group → letter → discard → preview → paced replay with live progress → outcome', async ({
  page,
  seed,
  request,
}) => {
  const failing = await failingGroup(seed, 7);
  await lettersRecorded(request, failing.topic, 7);
  failing.broken.value = false;

  await openGroup(page, failing.topic);
  const letters = page.getByRole('table', { name: 'Dead letters' });
  // the header row and one row per letter
  await expect(letters.getByRole('row')).toHaveCount(8);
  await expect(letters.getByText('CustomerMissingError').first()).toBeVisible();

  await letters.getByRole('button', { name: 'order.placed' }).first().click();
  const drawer = page.getByRole('dialog', { name: 'order.placed' });
  await expect(drawer.getByRole('region', { name: 'Error' })).toContainText(/order \d+ has no customer/);
  await expect(drawer.getByRole('region', { name: 'Raw entry' })).toBeVisible();
  await expect(drawer.getByRole('link', { name: 'Its correlation chain' })).toBeVisible();
  await drawer.getByRole('button', { name: 'Close dead letter' }).click();

  // one letter is discarded, with the reason the dialog requires
  await letters.getByRole('checkbox').nth(1).check();
  await page.getByRole('button', { name: 'Discard selected…' }).click();
  const discard = page.getByRole('dialog', { name: 'Discard this letter' });
  await expect(discard.getByRole('button', { name: 'Discard' })).toBeDisabled();
  await discard.getByLabel('Reason (required)').fill('duplicate of an order already charged');
  await discard.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByText('1 letter discarded.')).toBeVisible();
  await expect(letters.getByRole('row')).toHaveCount(7);

  await page.getByRole('button', { name: 'Replay group (6)…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Replay the whole group/ });
  // to the failing group only, by default (the SDK's per-group redelivery), not to every group of the topic
  await expect(dialog.getByLabel('Only the failing group')).toBeChecked();
  await dialog.getByLabel('Rate cap (events per second)').fill('1');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const preview = dialog.getByRole('region', { name: 'Replay preview' });
  await expect(preview.getByRole('definition').first()).toHaveText('6');
  await expect(preview.getByRole('table', { name: 'Receiving groups' })).toContainText(failing.group);
  await dialog.getByRole('button', { name: 'Replay 6' }).click();

  // the jobs tab opens on the new job; progress moves while it runs at 1/s
  await expect(page.getByRole('tab', { name: /Replay jobs/ })).toHaveAttribute('aria-selected', 'true');
  const job = page.getByRole('region', { name: 'Replay jobs' }).getByRole('listitem').first();
  await expect(job).toContainText(`only group ${failing.group}`);
  // marked, and in the URL: a link (a trace's "Replay job") opens the same view
  await expect(job).toHaveAttribute('aria-current', 'true');
  await expect(page).toHaveURL(/[?&]view=jobs&job=/);
  const progress = job.getByRole('progressbar');
  await expect(progress).toHaveAttribute('aria-valuenow', /^[1-5]$/, { timeout: 15_000 });
  // paused half way, then resumed: the buttons follow the state
  await job.getByRole('button', { name: 'Pause' }).click();
  await expect(job.getByText('paused', { exact: true })).toBeVisible();
  await job.getByRole('button', { name: 'Resume' }).click();
  await expect(job.getByText('completed')).toBeVisible({ timeout: 20_000 });
  await expect(progress).toHaveAttribute('aria-valuetext', /6 of 6 replayed: 6 succeeded, 0 failed again/);

  // the letters left the pending list without a reload
  await page.getByRole('tab', { name: /Letters/ }).click();
  await expect(page.getByRole('heading', { name: 'No dead letters match these filters' })).toBeVisible();
});

test('letters of several groups go back each to the group that failed it', async ({
  page,
  seed,
  request,
}, testInfo) => {
  const topic = seed.topic('orders');
  // two groups of one topic fail the same events: each holds its own letter of every event
  const billing = await failingGroup(seed, 0, { topic, group: seed.name('billing') });
  const shipping = await failingGroup(seed, 3, { topic, group: seed.name('shipping') });
  await lettersRecorded(request, topic, 6);
  billing.broken.value = false;
  shipping.broken.value = false;

  await page.goto(`/dead-letters?topic=${encodeURIComponent(topic)}`);
  await page.getByRole('button', { name: 'Replay all matching (6)…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Replay/ });
  await expect(dialog.getByLabel('Only the group that failed each letter')).toBeChecked();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const receiving = dialog.getByRole('region', { name: 'Replay preview' }).getByRole('table', {
    name: 'Receiving groups',
  });
  await expect(receiving).toContainText(billing.group);
  await expect(receiving).toContainText(shipping.group);
  for (const theme of ['dark', 'light'] as const) {
    await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
    await saveScreenshot(page, testInfo, `dlq-replay-several-groups-${theme}`);
  }
  await dialog.getByRole('button', { name: 'Replay 6' }).click();

  const job = page.getByRole('region', { name: 'Replay jobs' }).getByRole('listitem').first();
  await expect(job).toContainText('each to the group that failed it');
  await expect(job.getByText('completed')).toBeVisible({ timeout: 20_000 });
  // each group handled its own letters once more: none was sent to a group that had handled it
  await expect(job.getByRole('progressbar')).toHaveAttribute(
    'aria-valuetext',
    /6 of 6 replayed: 6 succeeded, 0 failed again/,
    { timeout: 20_000 },
  );
});

test('an edited replay waits for a second admin', async ({ page, seed, request, browser, baseURL }) => {
  const failing = await failingGroup(seed, 1);
  await lettersRecorded(request, failing.topic, 1);
  failing.broken.value = false;

  await openGroup(page, failing.topic);
  await page
    .getByRole('table', { name: 'Dead letters' })
    .getByRole('button', { name: 'order.placed' })
    .click();
  await page.getByRole('dialog', { name: 'order.placed' }).getByRole('button', { name: 'Replay…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replay this letter' });
  await dialog.getByLabel('Edit before replay').check();
  const editor = dialog.getByRole('textbox', { name: 'Edited event JSON' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(' ');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('note')).toContainText('Needs approval by a second admin');
  await dialog.getByRole('button', { name: 'Request approval for 1' }).click();

  const approvals = page.getByRole('region', { name: 'Approvals' });
  const request1 = approvals.getByRole('listitem').first();
  await expect(request1).toContainText('awaiting-approval');
  // the one who asked cannot approve
  await expect(request1.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  const approver = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const signIn = await approver.request.post('/api/auth/sign-in/email', {
      data: { email: E2E_APPROVER.email, password: E2E_APPROVER.password },
      headers: { origin: baseURL! },
    });
    expect(signIn.status(), await signIn.text()).toBe(200);
    const approverPage = await approver.newPage();
    await approverPage.goto('/dead-letters?view=jobs');
    const pending = approverPage.getByRole('region', { name: 'Approvals' }).getByRole('listitem').first();
    await pending.getByRole('button', { name: 'Approve' }).click();
    await expect(approverPage.getByRole('region', { name: 'Approvals' })).toContainText(
      'No replay waits for approval',
    );
  } finally {
    await approver.close();
  }
  // the requester sees it run to its end live
  const job = page.getByRole('region', { name: 'Replay jobs' }).getByRole('listitem').first();
  await expect(job.getByText('completed')).toBeVisible({ timeout: 20_000 });
  await expect(job).toContainText('edited event');
});
