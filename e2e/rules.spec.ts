import type { APIRequestContext } from '@playwright/test';
import type { RuleDetail } from '@/server/contracts/rules';
import { expect, test, type Seed } from './support/fixtures';
import { saveScreenshot } from './support/screenshot';

/*
 * The Rules page and the Flows processor node against a count rule each test runs through the SDK
 * (bus.streams): three failed logins of one user fire it, the recorder stores the alert, the pages
 * show its matches and the alert, and the alert leads to the trace of the events it matched.
 */

const THEMES = ['dark', 'light'] as const;
const DATA = { timeout: 45_000 } as const;

interface SeededRule {
  name: string;
  input: string;
  output: string;
  correlationId: string;
  matched: string[];
}

/** A running count rule and the three events that make it fire, all in one correlation. */
async function firedRule(seed: Seed): Promise<SeededRule> {
  const name = seed.name('burst');
  const input = seed.topic('auth');
  const output = seed.topic('rule-alerts');
  const bus = seed.bus(seed.name('detector'));
  const processor = bus.streams
    .from<{ user: string }>(input, { name, description: '3 failed logins of one user within 60 s' })
    .count({
      match: (e) => e.type === 'auth.failed',
      key: (e) => e.data.user,
      count: 3,
      withinMs: 60_000,
    })
    .to(output, { type: 'auth.burst' });
  await processor.ready;
  const correlationId = `corr-${seed.scope}`;
  const login = seed.bus(seed.name('idp'));
  const matched: string[] = [];
  for (let i = 0; i < 3; i++) {
    const published = await login.publish(input, {
      type: 'auth.failed',
      subject: 'mallory',
      correlationId,
      data: { user: 'mallory', attempt: i },
    });
    matched.push(published.id);
  }
  return { name, input, output, correlationId, matched };
}

/** Waits until the API lists the rule's alert (the recorder stored it). */
async function alertRecorded(request: APIRequestContext, name: string): Promise<RuleDetail> {
  let detail: RuleDetail | undefined;
  await expect(async () => {
    const response = await request.get(`/api/rules/${encodeURIComponent(name)}`);
    expect(response.status()).toBe(200);
    detail = (await response.json()) as RuleDetail;
    expect(detail.alerts.length).toBeGreaterThan(0);
  }).toPass({ timeout: 45_000, intervals: [500, 1_000, 2_000] });
  return detail!;
}

test('a fired rule: its matches, its alert, and the alert → trace, both themes', async ({
  page,
  seed,
  request,
}, testInfo) => {
  const rule = await firedRule(seed);
  const detail = await alertRecorded(request, rule.name);
  expect(detail.alerts[0]!.events).toEqual(rule.matched);

  for (const theme of THEMES) {
    await page.goto('/rules');
    await page.evaluate((value) => localStorage.setItem('eventlens-theme', value), theme);
    await page.goto('/rules');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.getByRole('heading', { level: 1, name: 'Rules' })).toBeVisible();

    const table = page.getByRole('table', { name: 'Rules' });
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: rule.name, exact: true }) });
    await expect(row).toContainText('count');
    await expect(row).toContainText('3 failed logins of one user within 60 s');
    await expect(row.getByRole('figure', { name: '1 match, last hour' })).toBeVisible(DATA);
    await saveScreenshot(page, testInfo, `rules-list-${theme}`);

    await row.getByRole('link', { name: rule.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/rules/${rule.name}$`));
    await expect(page.getByRole('heading', { level: 1, name: rule.name })).toBeVisible();
    const definition = page.getByRole('region', { name: 'Definition' });
    await expect(definition).toContainText('3 matching events of one key within');
    await expect(definition).toContainText(rule.output);
    const alerts = page.getByRole('table', { name: 'Latest alerts' });
    await expect(alerts.getByRole('row')).toHaveCount(2);
    await expect(alerts.getByRole('row').nth(1)).toContainText('mallory');
    await expect(alerts.getByRole('link', { name: /^Matched event / })).toHaveCount(3);
    await expect(alerts.getByRole('link', { name: `Matched event ${rule.matched[0]}` })).toHaveAttribute(
      'href',
      `/events?event=${rule.matched[0]}`,
    );
    await expect(alerts.getByRole('link', { name: `Trace ${rule.correlationId}` })).toHaveAttribute(
      'href',
      `/traces/${rule.correlationId}`,
    );
    await saveScreenshot(page, testInfo, `rule-detail-${theme}`);
  }

  await page
    .getByRole('table', { name: 'Latest alerts' })
    .getByRole('link', { name: `Trace ${rule.correlationId}` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/traces/${rule.correlationId}$`));
  // the trace holds the matched logins and the alert they caused
  await expect(page.getByText('auth.burst').first()).toBeVisible(DATA);
});

test('flows draws a running processor as its own node, its group folded in, both themes', async ({
  page,
  seed,
  request,
}, testInfo) => {
  const rule = await firedRule(seed);
  await alertRecorded(request, rule.name);

  for (const theme of THEMES) {
    await page.goto('/flows');
    await page.evaluate((value) => localStorage.setItem('eventlens-theme', value), theme);
    await page.goto(`/flows?topic=${encodeURIComponent(rule.input)}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

    const node = page.getByRole('button', { name: new RegExp(`^count processor ${rule.name},`) });
    await expect(node).toBeVisible(DATA);
    await expect(page.getByRole('button', { name: new RegExp(`^group streams\\.${rule.name}`) })).toHaveCount(
      0,
    );
    // the topic filter keeps the processor's output topic: input → processor → output
    await expect(
      page.getByRole('button', { name: new RegExp(`^topic ${rule.output.replace('.', '\\.')},`) }),
    ).toBeVisible();
    await saveScreenshot(page, testInfo, `flows-processor-graph-${theme}`);
    await node.click();
    const panel = page.getByRole('complementary', { name: `Stream processor ${rule.name}` });
    await expect(panel.getByRole('heading', { level: 2, name: rule.name })).toBeVisible();
    await expect(panel).toContainText('rule: count within a window');
    await expect(panel).toContainText(rule.input);
    await expect(panel).toContainText(rule.output);
    await expect(panel.getByRole('link', { name: 'Open rule' })).toHaveAttribute(
      'href',
      `/rules/${rule.name}`,
    );
    await saveScreenshot(page, testInfo, `flows-processor-${theme}`);
  }
});
