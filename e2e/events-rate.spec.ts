import { expect, test } from './support/fixtures';

/**
 * The live tail's rate badge shows a figure while events flow. It used to measure fixed 2 s intervals
 * from a timer restarted by every filter change, so each new filter showed "—" for two seconds with
 * its events already on screen.
 */
test('the live tail rate is not "—" for long after the filter changes', async ({ page, seed }) => {
  const first = seed.topic('rate-a');
  const second = seed.topic('rate-b');
  seed.traffic(first, { batch: 2, everyMs: 100 });
  seed.traffic(second, { batch: 2, everyMs: 100 });
  await page.goto(`/events?topic=${encodeURIComponent(first)}`);
  const rate = page.getByTitle('Events this tab received per second');
  await expect(rate).toHaveText(/^\d+(\.\d)? ev\/s$/);

  // measured in the page: the longest spell of "—" in the badge over the 4 s after the change
  const longestDash = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const end = performance.now() + 4_000;
        let dashFrom: number | null = null;
        let longest = 0;
        const check = () => {
          const now = performance.now();
          const text = document.querySelector('[title="Events this tab received per second"]')?.textContent;
          if (text === '—') dashFrom ??= now;
          else if (dashFrom !== null) {
            longest = Math.max(longest, now - dashFrom);
            dashFrom = null;
          }
          if (now < end) return void requestAnimationFrame(check);
          resolve(Math.max(longest, dashFrom === null ? 0 : now - dashFrom));
        };
        check();
      }),
  );
  const topic = page.getByRole('textbox', { name: 'Topic' });
  await topic.fill(second);
  await topic.press('Enter');
  await expect(page).toHaveURL(new RegExp(`topic=${second}`));
  expect(await longestDash).toBeLessThan(1_200);
  await expect(rate).toHaveText(/^\d+(\.\d)? ev\/s$/);
});
