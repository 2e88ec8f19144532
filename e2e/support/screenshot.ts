import type { Page, TestInfo } from '@playwright/test';
import { ALL_SHOTS } from './views';

/** Two animation frames: the browser has laid out and painted a style change. */
const settle = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );

/**
 * A picture of the whole page. Playwright's `fullPage` keeps the window's size and paints past it, so
 * sticky elements are drawn where the page happened to be scrolled: the shell's sidebar (100vh) cut
 * off half way down, its top bar in the middle of the page. For the picture, every sticky element is
 * laid out in the flow (`position: static`, `height: auto`: the sidebar then spans the page in its
 * grid), and gets its own style back afterwards. The window keeps its size, so pages sized to it (the
 * Events list, the Flows canvas) are pictured as a person sees them.
 */
export async function captureFullPage(page: Page, path?: string): Promise<Buffer> {
  await page.evaluate(() => {
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      if (getComputedStyle(element).position !== 'sticky') continue;
      element.dataset.captureStyle = element.getAttribute('style') ?? '';
      element.style.setProperty('position', 'static', 'important');
      element.style.setProperty('height', 'auto', 'important');
    }
  });
  await settle(page);
  try {
    return await page.screenshot({ path, fullPage: true });
  } finally {
    await page.evaluate(() => {
      for (const element of Array.from(document.querySelectorAll<HTMLElement>('[data-capture-style]'))) {
        const style = element.dataset.captureStyle ?? '';
        if (style) element.setAttribute('style', style);
        else element.removeAttribute('style');
        delete element.dataset.captureStyle;
      }
    });
  }
}

/**
 * Saves a full-page screenshot of a state a spec reached under test-results/screenshots/ and attaches it
 * to the report, when pictures are asked for (`E2E_SHOTS=all`, see views.ts).
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  if (!ALL_SHOTS) return;
  const body = await captureFullPage(page, `test-results/screenshots/${name}.png`);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}
