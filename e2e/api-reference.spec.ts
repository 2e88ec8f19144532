import { expect, test } from '@playwright/test';

/* The API reference reads one area at a time; the area is in the URL, and the whole document stays one link away. */
test('the API reference shows one area at a time, linkable, and every area on request', async ({ page }) => {
  await page.goto('/api-reference');
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  const areas = page.getByRole('navigation', { name: 'API areas' });
  // the first area in order is open, and only it
  await expect(areas.getByRole('link', { name: /^Aggregates/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Aggregates']);

  await areas.getByRole('link', { name: /^Dead letters/ }).click();
  await expect(page).toHaveURL(/\/api-reference\?area=dead-letters$/);
  await expect(areas.getByRole('link', { name: /^Dead letters/ })).toHaveAttribute('aria-current', 'page');
  const deadLetters = page.getByRole('region', { name: 'Dead letters' });
  await expect(
    deadLetters.getByRole('article', { name: 'GET /api/dead-letters', exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('article', { name: 'GET /api/aggregates', exact: true })).toHaveCount(0);

  // the area's index jumps to a route
  await deadLetters
    .getByRole('list', { name: 'Dead letters routes' })
    .getByRole('link', { name: 'GET /api/dead-letters/{id}', exact: true })
    .click();
  await expect(page).toHaveURL(/#get-api-dead-letters-id$/);
  await expect(deadLetters.getByRole('article', { name: 'GET /api/dead-letters/{id}' })).toBeInViewport();

  // a link to an area that does not exist says so and shows the first one
  await page.goto('/api-reference?area=nope');
  await expect(page.getByRole('status').filter({ hasText: 'No API area is called “nope”' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Aggregates']);

  // every area on one page, for a search across them (not opened here: it is the old, long page)
  await expect(areas.getByRole('link', { name: 'All areas' })).toHaveAttribute(
    'href',
    '/api-reference?area=all',
  );
});
