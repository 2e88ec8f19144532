import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { Pipeline } from './support/pipeline';
import { captureFullPage } from './support/screenshot';
import { ALL_SHOTS, SIZES, themesAt, VIEWS } from './support/views';

/** components/layout/theme.ts reads the theme from here before the first paint. */
const THEME_STORAGE_KEY = 'eventlens-theme';

/*
 * A picture of every page (test-results/screenshots/<page>-<width>-<theme>.png), for a person to look at,
 * against a small pipeline each test seeds (support/pipeline.ts): by default each page once, at one of
 * the two sizes; with E2E_SHOTS=all every page at both sizes in both themes (support/views.ts). Each
 * waits for its page's content, not a clock.
 */
const DATA = { timeout: 60_000 };

interface Shot {
  name: string;
  path: string;
  heading: string;
  /** Content that shows the page has its data, not its skeleton. */
  ready?: (page: Page) => Promise<void>;
}

// pages that show no pipeline data first: the pipeline seeded for the test fills the others meanwhile
const pages = ({ topics, groups }: Pipeline): readonly Shot[] => [
  { name: 'traces', path: '/traces', heading: 'Traces' },
  { name: 'sagas', path: '/sagas', heading: 'Sagas' },
  { name: 'rules', path: '/rules', heading: 'Rules' },
  { name: 'aggregates', path: '/aggregates', heading: 'Aggregates' },
  {
    name: 'api-reference',
    path: '/api-reference',
    heading: 'API reference',
    ready: (page) => expect(page.getByRole('navigation', { name: 'API areas' })).toBeVisible(DATA),
  },
  {
    name: 'settings',
    path: '/settings',
    heading: 'Settings',
    ready: (page) =>
      expect(
        page.getByRole('region', { name: 'System health' }).getByText('PostgreSQL', { exact: true }),
      ).toBeVisible(DATA),
  },
  {
    name: 'audit',
    path: '/audit',
    heading: 'Audit log',
    // signing in for this test wrote a row
    ready: (page) =>
      expect(page.getByRole('table', { name: 'Audit log' }).getByRole('row').nth(1)).toBeVisible(DATA),
  },
  {
    name: 'overview',
    path: '/',
    heading: 'Overview',
    ready: (page) =>
      expect(page.getByRole('figure', { name: 'Throughput per topic' }).locator('path').first()).toBeAttached(
        DATA,
      ),
  },
  {
    name: 'flows',
    path: '/flows',
    heading: 'Flows',
    ready: (page) => expect(page.getByRole('button', { name: /^group / }).first()).toBeVisible(DATA),
  },
  {
    name: 'events',
    path: '/events',
    heading: 'Events',
    ready: (page) =>
      expect(page.getByRole('table', { name: 'Live events' }).getByRole('row').nth(1)).toBeVisible(DATA),
  },
  {
    name: 'streams',
    path: '/streams',
    heading: 'Streams',
    ready: (page) =>
      expect(page.getByRole('table', { name: 'Consumer groups' }).getByRole('row').nth(3)).toBeVisible(DATA),
  },
  {
    name: 'streams-group',
    path: `/streams?group=${encodeURIComponent(`${topics.validated}/${groups.siemExport}`)}`,
    heading: 'Streams',
    ready: (page) => expect(page.getByRole('table', { name: 'Consumers' })).toBeVisible(DATA),
  },
  {
    name: 'dead-letters',
    path: '/dead-letters',
    heading: 'Dead letters',
    ready: (page) =>
      expect(page.getByRole('table', { name: 'Failure groups' }).getByRole('row').nth(1)).toBeVisible(DATA),
  },
  {
    name: 'projections',
    path: '/projections',
    heading: 'Projections',
    ready: (page) =>
      expect(
        page.getByRole('table', { name: 'Projections' }).or(page.getByText('No projections yet')),
      ).toBeVisible(DATA),
  },
];

// each page waits for its data: minutes on a loaded 2-core machine
test.describe.configure({ timeout: 600_000 });

// one pipeline per size, its themes over it: a second theme finds every page's data recorded
for (const [sizeIndex, size] of SIZES.entries()) {
  const themes = themesAt(size.width);
  const which = ALL_SHOTS ? 'every page' : 'half the pages';
  test(`${which} at ${size.width}×${size.height}, ${themes.join(' and ')}`, async ({ page, seed }) => {
    // alternate pages between the sizes: each half has pages with and without pipeline data
    const PAGES = pages(await seed.pipeline()).filter(
      (_, index) => ALL_SHOTS || index % SIZES.length === sizeIndex,
    );
    await page.setViewportSize(size);
    for (const theme of themes) {
      await page.goto('/settings');
      await page.evaluate(([key, value]) => window.localStorage.setItem(key, value), [
        THEME_STORAGE_KEY,
        theme,
      ] as const);
      for (const shot of PAGES) {
        await page.goto(shot.path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expect(page.getByRole('heading', { level: 1, name: shot.heading })).toBeVisible();
        // a page still without data is pictured anyway, and the report says which
        await shot.ready?.(page).catch(() =>
          test.info().annotations.push({
            type: 'not ready',
            description: `${shot.name} (${theme}): data did not arrive`,
          }),
        );
        await captureFullPage(page, `test-results/screenshots/${shot.name}-${size.width}-${theme}.png`);
      }
    }
  });
}

// sign-in (signed out, with a wrong password's message) and the open user menu over Settings' sessions
for (const { theme, ...size } of VIEWS) {
  test(`sign-in and the user menu at ${size.width}×${size.height}, ${theme} theme`, async ({
    browser,
    page,
    baseURL,
  }) => {
    const init = ([key, value]: readonly [string, string]) => window.localStorage.setItem(key, value);
    const signedOut = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      baseURL,
      viewport: size,
    });
    try {
      const signIn = await signedOut.newPage();
      await signIn.addInitScript(init, [THEME_STORAGE_KEY, theme] as const);
      await signIn.goto('/sign-in');
      await expect(signIn.locator('html')).toHaveAttribute('data-theme', theme);
      await captureFullPage(signIn, `test-results/screenshots/sign-in-${size.width}-${theme}.png`);
      await signIn.getByLabel('Email').fill('someone@example.com');
      await signIn.getByLabel('Password').fill('not the password');
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await expect(signIn.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible();
      await captureFullPage(signIn, `test-results/screenshots/sign-in-error-${size.width}-${theme}.png`);
    } finally {
      await signedOut.close();
    }

    await page.setViewportSize(size);
    await page.addInitScript(init, [THEME_STORAGE_KEY, theme] as const);
    await page.goto('/settings');
    await expect(page.getByRole('table', { name: 'Sessions' })).toBeVisible(DATA);
    await page.getByRole('button', { name: /^Account: / }).click();
    await expect(page.getByRole('group', { name: 'Account' })).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/user-menu-${size.width}-${theme}.png` });
  });
}
