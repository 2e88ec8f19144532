import { expect, test } from './support/fixtures';

/**
 * The live tail's rate badge shows a figure while events flow. It used to measure fixed 2 s intervals
 * from a timer restarted by every filter change, so each new filter showed "—" for two seconds with
 * its events already on screen. How soon it shows one is the unit test's business (tail-rate.test.ts):
 * no timing is asserted here.
 */
test('the live tail rate shows a figure after the filter changes', async ({ page, seed }) => {
  const first = seed.topic('rate-a');
  const second = seed.topic('rate-b');
  seed.traffic(first, { batch: 2, everyMs: 100 });
  seed.traffic(second, { batch: 2, everyMs: 100 });
  await page.goto(`/events?topic=${encodeURIComponent(first)}`);
  const rate = page.getByTitle('Events this tab received per second');
  await expect(rate).toHaveText(/^\d+(\.\d)? ev\/s$/);

  const topic = page.getByRole('textbox', { name: 'Topic' });
  await topic.fill(second);
  await topic.press('Enter');
  await expect(page).toHaveURL(new RegExp(`topic=${second}`));
  await expect(rate).toHaveText(/^\d+(\.\d)? ev\/s$/);
});
