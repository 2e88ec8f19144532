import type { Page, TestInfo } from '@playwright/test';

/** Stop growing after this many rounds: a page whose height follows the window would never settle. */
const MAX_ROUNDS = 4;
/** No picture taller than this (Chromium's texture limit is 16,384 px). */
const MAX_HEIGHT = 16_000;

/** Two animation frames: React has rendered what a resize asked for (virtualized rows, charts). */
const settle = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );

/**
 * A picture of the whole page. Playwright's `fullPage` keeps the window's height and paints past it,
 * so the shell's sticky sidebar and top bar (100vh, top: 0) are drawn where the page happened to be
 * scrolled: a sidebar cut off half way, a top bar in the middle. Here the window itself grows to the
 * page's height (the sidebar then spans it, nothing is scrolled, window-virtualized lists render every
 * row), is pictured, and gets its size back.
 */
export async function captureFullPage(page: Page, path?: string): Promise<Buffer> {
  const viewport = page.viewportSize();
  if (!viewport) return page.screenshot({ path, fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  let height = viewport.height;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const needed = Math.min(
      MAX_HEIGHT,
      await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight)),
    );
    if (needed <= height) break;
    height = needed;
    await page.setViewportSize({ width: viewport.width, height });
    await settle(page);
  }
  try {
    return await page.screenshot({ path });
  } finally {
    if (height !== viewport.height) {
      await page.setViewportSize(viewport);
      await settle(page);
    }
  }
}

/** Saves a full-page screenshot under test-results/screenshots/ and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await captureFullPage(page, `test-results/screenshots/${name}.png`);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}
