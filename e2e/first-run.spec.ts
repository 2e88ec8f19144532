import { expect, test, type Page } from '@playwright/test';
import { saveScreenshot } from './support/screenshot';
import { startNpmScript, type NpmScriptServer } from './support/npm-script';

/*
 * The README's first command, as a newcomer runs it: `npm run demo` (dev mode, embedded store, demo
 * traffic), then a browser at the URL it prints. Every other spec runs the production build; this one
 * is what caught a dev server whose pages never hydrated. Each page compiles on its first visit, so
 * waits are generous; how long the page took after the "up" line is recorded as an annotation.
 */
const LIVE = { timeout: 90_000 };
const DEMO_PORT = Number(process.env.E2E_DEMO_PORT ?? 3190);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 3191);

/** A node of the flow graph whose rate is not zero ("topic tickets, 17 events/s, …"). */
const LIVE_TOPIC = /^topic [^,]+, (?!0 )[<\d.,K]+ ?(events|ev)\/s/;

const connected = (page: Page) => page.getByRole('status', { name: 'Connection: Connected' });

function noteSinceUp(server: NpmScriptServer, what: string): void {
  test.info().annotations.push({
    type: what,
    description: `${((Date.now() - server.upAt) / 1_000).toFixed(1)} s after "EventLens is up"`,
  });
}

test.describe('npm run demo', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 });
  let demo: NpmScriptServer;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    demo = await startNpmScript({ script: 'demo', port: DEMO_PORT, timeoutMs: 150_000 });
  });
  test.afterAll(async () => demo?.stop());

  test('prints where to point the browser', () => {
    expect(demo.url).toBe(`http://127.0.0.1:${DEMO_PORT}`);
    expect(demo.output()).toMatch(/open http:\/\/127\.0\.0\.1:\d+ in a browser/);
  });

  test('Flows comes alive with the demo graph and its rates', async ({ page }, testInfo) => {
    await page.goto(`${demo.url}/flows`);
    // no sign-in: demo mode on loopback acts as its admin, and says so on the page
    await expect(page).toHaveURL(`${demo.url}/flows`);
    const demoNote = 'Demo mode: signed in as demo admin because the server listens on loopback only';
    await expect(page.getByRole('note').filter({ hasText: demoNote })).toBeVisible(LIVE);
    await expect(connected(page)).toBeVisible(LIVE);
    noteSinceUp(demo, 'hydrated');
    await expect(async () =>
      expect(await page.getByRole('button', { name: LIVE_TOPIC }).count()).toBeGreaterThanOrEqual(5),
    ).toPass(LIVE);
    noteSinceUp(demo, 'live graph');
    await saveScreenshot(page, testInfo, 'first-run-flows');
  });

  test('the Events tail moves', async ({ page }) => {
    await page.goto(`${demo.url}/events`);
    const tail = page.getByRole('table', { name: 'Live events' });
    const firstRow = tail.getByRole('row').nth(1);
    await expect(firstRow).toBeVisible(LIVE);
    const before = await firstRow.textContent();
    await expect(async () => expect(await firstRow.textContent()).not.toBe(before)).toPass(LIVE);
  });

  test('Overview draws its charts', async ({ page }, testInfo) => {
    await page.goto(demo.url);
    const throughput = page.getByRole('figure', { name: 'Throughput per topic' });
    await expect(throughput).toBeVisible(LIVE);
    await expect(async () => expect(await throughput.locator('path').count()).toBeGreaterThan(0)).toPass(
      LIVE,
    );
    await saveScreenshot(page, testInfo, 'first-run-overview');
  });
});

test('npm run dev hydrates and connects hot reload', async ({ page }) => {
  test.setTimeout(240_000);
  // without demo mode there is no anonymous access: a newcomer sets the first admin and signs in
  const admin = { email: 'dev-admin@example.com', password: 'dev admin password' };
  const dev = await startNpmScript({
    script: 'dev',
    port: DEV_PORT,
    timeoutMs: 150_000,
    env: { EVENTLENS_ADMIN_EMAIL: admin.email, EVENTLENS_ADMIN_PASSWORD: admin.password },
  });
  try {
    const signIn = await page.request.post(`${dev.url}/api/auth/sign-in/email`, {
      data: admin,
      headers: { origin: dev.url },
    });
    expect(signIn.status()).toBe(200);
    // Next's HMR socket: when it is dead, dev pages never hydrate (the debug channel arrives over it)
    const hmrFrame = new Promise<string>((resolve) => {
      page.on('websocket', (socket) => {
        if (!socket.url().includes('/_next/')) return;
        socket.on('framereceived', ({ payload }) => resolve(String(payload).slice(0, 80)));
      });
    });
    await page.goto(`${dev.url}/streams`);
    await expect(page.getByRole('heading', { level: 1, name: 'Streams' })).toBeVisible(LIVE);
    await expect(connected(page)).toBeVisible(LIVE);
    expect(await hmrFrame).toBeTruthy();
  } finally {
    await dev.stop();
  }
});
