import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { Pipeline } from './support/pipeline';
import { saveScreenshot } from './support/screenshot';

/*
 * Against a small pipeline each test seeds (support/pipeline.ts). Rates cover the last minute of
 * complete 10 s rollups, so the first non-zero figures take 10-20 s after the traffic starts: every
 * wait for data is an expect with a generous timeout, never a sleep.
 */
const DATA = { timeout: 60_000 };

/** Escapes a name for a RegExp (topic names have dots). */
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A rate that is not zero, as node labels print it: "12 events/s", "0.4 events/s", "<0.1 events/s", "12.4K events/s". */
const NONZERO_RATE = String.raw`(?!0 events)[<\d.,K]+ events/s`;

/** The pipeline's names in the shape the assertions read. */
const names = (pipeline: Pipeline) => ({
  SERVICES: pipeline.services,
  TOPICS: pipeline.topics,
  GROUPS: pipeline.groups,
});

/** The lag model's verdicts as a group's label names them. */
const LAG_VERDICT = '(caught up|keeping up|draining|not draining|unsure)';

const node = (page: Page, label: RegExp) => page.getByRole('button', { name: label });
const serviceNode = (page: Page, name: string) => node(page, new RegExp(`^service ${re(name)}, `));
const topicNode = (page: Page, name: string) => node(page, new RegExp(`^topic ${re(name)}, `));
const groupNode = (page: Page, name: string) => node(page, new RegExp(`^group ${re(name)}, `));

test.describe('flows', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the graph shows the services, topics and groups with live rates', async ({
    page,
    seed,
  }, testInfo) => {
    const { SERVICES, TOPICS, GROUPS } = names(await seed.pipeline());
    await page.goto('/flows');
    await expect(page.getByRole('heading', { level: 1, name: 'Flows' })).toBeVisible();

    for (const name of [SERVICES.ingest, SERVICES.validate, SERVICES.analyze, SERVICES.siemExport]) {
      await expect(node(page, new RegExp(`^service ${re(name)}, live`))).toBeVisible(DATA);
    }
    for (const name of [TOPICS.signals, TOPICS.validated, TOPICS.alerts, TOPICS.tickets]) {
      await expect(node(page, new RegExp(`^topic ${re(name)}, ${NONZERO_RATE}`))).toBeVisible(DATA);
    }
    // groups: lag and the server's lag verdict, then (when caught up) their rate, or how long the
    // oldest waiting entry has waited
    for (const name of [GROUPS.validate, GROUPS.analyze, GROUPS.triage]) {
      await expect(groupNode(page, name)).toHaveAccessibleName(
        new RegExp(`^group ${re(name)}, lag [\\d,]+(, ${LAG_VERDICT})?(, oldest [^,]+)?, ${NONZERO_RATE}`),
        DATA,
      );
    }
    // the slow group falls behind
    await expect(groupNode(page, GROUPS.siemExport)).toHaveAccessibleName(/, lag [1-9][\d,]*/, DATA);
    await expect(node(page, /^dead letters, [\d,]+ waiting/)).toBeVisible();
    await expect(page.getByText(/\d+ nodes · \d+ flows/)).toBeVisible();

    // edges stand still until motion is asked for; the choice outlives a reload
    const motion = page.getByRole('button', { name: 'Animate flows' });
    const moving = page.locator('.react-flow__edge.animated');
    await expect(motion).toHaveAttribute('aria-pressed', 'false');
    await expect(moving).toHaveCount(0);
    await motion.click();
    await expect(motion).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => moving.count()).toBeGreaterThan(0);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Animate flows' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Animate flows' }).click();
    await expect(moving).toHaveCount(0);

    await saveScreenshot(page, testInfo, 'flows');
  });

  test('clicking a group opens its panel with charts and latest events', async ({ page, seed }, testInfo) => {
    const { TOPICS, GROUPS } = names(await seed.pipeline());
    await page.goto('/flows');
    const group = groupNode(page, GROUPS.siemExport);
    await expect(group).toHaveAccessibleName(/, lag [1-9][\d,]*/, DATA);
    // to the node itself, as below: other specs' topics coming and going move it under the pointer
    await group.dispatchEvent('click');

    const panel = page.getByRole('complementary', { name: `Consumer group ${GROUPS.siemExport}` });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('heading', { level: 2, name: GROUPS.siemExport })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`[?&]node=group%3A${GROUPS.siemExport}(&|$)`));
    for (const chart of ['Handled', 'p95 latency', 'Lag', 'Errors']) {
      await expect(panel.getByRole('figure', { name: `${chart}, last 15 minutes` })).toBeVisible(DATA);
    }
    // handled and errors always have samples once traffic flows: Recharts has drawn them
    for (const chart of ['Handled', 'Errors']) {
      const figure = panel.getByRole('figure', { name: `${chart}, last 15 minutes` });
      await expect(figure.locator('svg.recharts-surface')).toBeVisible(DATA);
    }
    // the group's failures are a section of its panel (its top errors, or that none wait)
    await expect(panel.getByRole('heading', { level: 3, name: 'Top errors' })).toBeVisible();
    // beside them the failures that did not dead-letter: the last hour's, or that there were none
    await expect(
      panel
        .getByRole('list', { name: `Top errors of ${GROUPS.siemExport}: failed deliveries, last hour` })
        .or(panel.getByText('No failed deliveries in the last hour.')),
    ).toBeVisible(DATA);
    const events = panel.getByRole('list', { name: 'Latest events' });
    await expect(events.getByRole('listitem').first()).toBeVisible(DATA);
    await expect(events.getByRole('button', { name: /^Copy event id / }).first()).toBeVisible();

    await saveScreenshot(page, testInfo, 'flows-panel');

    // another node replaces the panel's content, never adds to it. The click goes to the node itself:
    // the shared e2e graph is laid out again whenever another spec adds a topic, and a pointer click
    // at the node's last position met the nodes moving there instead (two full runs)
    await topicNode(page, TOPICS.alerts).dispatchEvent('click');
    const topicPanel = page.getByRole('complementary', { name: `Topic ${TOPICS.alerts}` });
    await expect(topicPanel.getByRole('heading', { level: 2, name: TOPICS.alerts })).toBeVisible();
    await expect(topicPanel.getByRole('heading', { name: 'Last 15 minutes' })).toHaveCount(1);
    await expect(topicPanel.getByRole('figure', { name: 'Throughput, last 15 minutes' })).toHaveCount(1);

    await topicPanel.getByRole('button', { name: 'Close details' }).click();
    await expect(topicPanel).toBeHidden();
    await expect(page).not.toHaveURL(/node=/);
  });

  test('a topic filter narrows the graph and lives in the URL', async ({ page, seed }) => {
    const { SERVICES, TOPICS, GROUPS } = names(await seed.pipeline());
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto('/flows');
    await expect(serviceNode(page, SERVICES.ingest)).toBeVisible(DATA);
    // a new shape is laid out in a worker, off the main thread (the policy lets it start)
    await expect.poll(() => page.workers().length).toBeGreaterThan(0);
    await expect(topicNode(page, TOPICS.alerts)).toBeVisible(DATA);

    await page.getByRole('combobox', { name: 'Topic' }).selectOption(TOPICS.alerts);
    await expect(page).toHaveURL(new RegExp(`[?&]topic=${re(TOPICS.alerts)}`));
    await expect(topicNode(page, TOPICS.alerts)).toBeVisible();
    await expect(groupNode(page, GROUPS.notification)).toBeVisible(); // reads the alerts topic
    await expect(serviceNode(page, SERVICES.ingest)).toHaveCount(0); // publishes the signals topic only
    await expect(topicNode(page, TOPICS.signals)).toHaveCount(0);

    // the filter survives a reload: it is the URL
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Topic' })).toHaveValue(TOPICS.alerts);
    await expect(serviceNode(page, SERVICES.ingest)).toHaveCount(0);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).not.toHaveURL(/topic=/);
    await expect(serviceNode(page, SERVICES.ingest)).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('a failed load says so where the graph goes, and Retry recovers', async ({ page, seed }, testInfo) => {
    const { SERVICES } = names(await seed.pipeline());
    // no live pushes (they would bring the graph back on their own) and a failing REST read
    await page.routeWebSocket(/socket\.io/, () => undefined);
    await page.route('**/socket.io/**', (route) => route.abort());
    await page.route('**/api/topology', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'INTERNAL', message: 'the store did not answer' } }),
      }),
    );
    await page.goto('/flows');
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load the flow graph' });
    await expect(alert).toBeVisible(DATA); // after React Query's two retries
    await expect(alert).toContainText('the store did not answer');
    await saveScreenshot(page, testInfo, 'flows-error');

    await page.unroute('**/api/topology');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(serviceNode(page, SERVICES.ingest)).toBeVisible(DATA);
  });
});
