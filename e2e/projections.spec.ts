import type { Browser, Page } from '@playwright/test';
import type { Redis } from 'ioredis';
import { createKeys, type Bus } from '@/server/bus';
import { ProjectionList } from '@/server/contracts/projections';
import { openInvestigationsProjection } from '@/server/demo/open-investigations';
import { E2E_OPERATOR, E2E_VIEWER } from './support/accounts';
import { expect, test, type Seed } from './support/fixtures';
import { captureFullPage } from './support/screenshot';

/*
 * The Projections page against the demo's case board (open investigations by severity) built under
 * the test's own scope through the SDK: the page lists it, an operator rebuilds it and sees the new
 * generation swap in with the same read model, a viewer sees it masked and cannot act.
 */

const THEMES = ['dark', 'light'] as const;

/** 3 high and 2 critical opened, one of each closed: 2 high and 1 critical open. */
async function seedCaseBoard(seed: Seed): Promise<{ name: string; bus: Bus }> {
  const topic = seed.topic('investigations');
  const name = seed.name('open-investigations');
  const kase = (n: number, severity: string) => ({ case: { investigationId: `inv-${n}`, severity } });
  const events: [string, number, string][] = [
    ['investigation.opened', 1, 'high'],
    ['investigation.opened', 2, 'high'],
    ['investigation.opened', 3, 'high'],
    ['investigation.opened', 4, 'critical'],
    ['investigation.opened', 5, 'critical'],
    ['investigation.resolved', 1, 'high'],
    ['investigation.cancelled', 4, 'critical'],
  ];
  const bus = seed.bus(seed.name('case-board'));
  await bus.publishBatch(
    topic,
    events.map(([type, n, severity]) => ({ type, subject: `inv-${n}`, data: kase(n, severity) })),
  );
  await bus.projections.register(openInvestigationsProjection({ name, topic }), {
    pollMs: 50,
    retiredGraceMs: 500,
  });
  return { name, bus };
}

/** The seed's scope cleanup deletes its streams; a projection's own keys are dropped here. */
async function dropProjection(redis: Redis, prefix: string, name: string): Promise<void> {
  const keys = createKeys(prefix);
  await redis.srem(keys.projectionNames(), name);
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(
      cursor,
      'MATCH',
      `${prefix}:projection:{${name}}:*`,
      'COUNT',
      1000,
    );
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== '0');
}

async function signedInAs(
  browser: Browser,
  baseURL: string | undefined,
  account: { email: string; password: string },
  theme: (typeof THEMES)[number],
): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  await context.addInitScript((value) => window.localStorage.setItem('eventlens-theme', value), theme);
  const answer = await context.request.post('/api/auth/sign-in/email', {
    data: { email: account.email, password: account.password },
    headers: { origin: baseURL ?? '' },
  });
  expect(answer.status(), await answer.text()).toBe(200);
  return context.newPage();
}

const projectionRow = (page: Page, name: string) =>
  page.getByRole('table', { name: 'Projections' }).getByRole('row').filter({ hasText: name });

test('an operator rebuilds the case board and sees the new generation swap in; a viewer cannot', async ({
  browser,
  baseURL,
  seed,
  redis,
  request,
}) => {
  test.setTimeout(120_000);
  const { name, bus } = await seedCaseBoard(seed);
  try {
    // the server sees it caught up before any page opens
    await expect
      .poll(
        async () => {
          const list = ProjectionList.parse(await (await request.get('/api/projections')).json());
          const item = list.items.find((i) => i.name === name);
          return item ? `${item.status} ${item.active.lag}` : 'absent';
        },
        { timeout: 30_000 },
      )
      .toBe('running 0');

    for (const theme of THEMES) {
      const viewer = await signedInAs(browser, baseURL, E2E_VIEWER, theme);
      try {
        await viewer.goto(`/projections?open=${encodeURIComponent(name)}`);
        await expect(viewer.locator('html')).toHaveAttribute('data-theme', theme);
        await expect(projectionRow(viewer, name).first()).toContainText('Running');
        const detail = viewer
          .getByRole('row')
          .filter({ has: viewer.getByRole('region', { name: 'Read model', exact: true }) });
        await expect(detail).toContainText('Operators can pause, resume and rebuild');
        await expect(viewer.getByRole('button', { name: /^Rebuild/ })).toHaveCount(0);
        const model = viewer.getByRole('region', { name: 'Read model key open-by-severity' });
        await expect(model).toContainText('high');
        await expect(model).toContainText('***');
        await captureFullPage(viewer, `test-results/screenshots/projections-viewer-${theme}.png`);
        // not offered, and refused by the server too
        const refused = await viewer.request.post(`/api/projections/${name}/rebuild`, {
          data: {},
          headers: { origin: baseURL ?? '' },
        });
        expect(refused.status()).toBe(403);
      } finally {
        await viewer.context().close();
      }
    }

    for (const [i, theme] of THEMES.entries()) {
      const operator = await signedInAs(browser, baseURL, E2E_OPERATOR, theme);
      try {
        await operator.goto('/projections');
        const row = projectionRow(operator, name).first();
        await expect(row).toContainText('Running');
        await row.getByRole('button', { name }).click();
        await expect(operator).toHaveURL(new RegExp(`open=${name}`));
        const readModel = operator.getByRole('region', { name: 'Read model', exact: true });
        await expect(readModel).toContainText(`generation ${i + 1}`);
        const open = operator.getByRole('region', { name: 'Read model key open-by-severity' });
        await expect(open.getByRole('row').filter({ hasText: 'high' })).toContainText('2');
        await expect(open.getByRole('row').filter({ hasText: 'critical' })).toContainText('1');
        await captureFullPage(operator, `test-results/screenshots/projections-operator-${theme}.png`);

        await operator.getByRole('button', { name: 'Rebuild…' }).click();
        const dialog = operator.getByRole('dialog', { name: `Rebuild ${name}` });
        await expect(dialog).toContainText(`Generation ${i + 2} will read`);
        await dialog.getByLabel(/^Reason/).fill('handler fixed');
        await dialog.getByRole('button', { name: 'Rebuild', exact: true }).click();
        await expect(dialog).toBeHidden();
        await expect(
          operator.getByRole('status').filter({ hasText: `Rebuilding into generation ${i + 2}` }),
        ).toBeVisible();
        // the new generation caught up and swapped in: reads come from it, with the same model
        await expect(readModel).toContainText(`generation ${i + 2}`, { timeout: 30_000 });
        await expect(open.getByRole('row').filter({ hasText: 'high' })).toContainText('2');
        await expect(open.getByRole('row').filter({ hasText: 'critical' })).toContainText('1');
        await expect(operator.getByRole('table', { name: `Generations of ${name}` })).toContainText(
          `g${i + 2} active`,
        );
        await expect(row).not.toContainText('never');
        await captureFullPage(operator, `test-results/screenshots/projections-rebuilt-${theme}.png`);
      } finally {
        await operator.context().close();
      }
    }
  } finally {
    await bus.projections.close(); // no runner or heartbeat writes its keys again
    await dropProjection(redis, seed.prefix, name);
  }
});
