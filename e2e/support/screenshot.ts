import type { Page, TestInfo } from '@playwright/test';

/** Saves a full-page screenshot under test-results/screenshots/ and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}
