import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

/*
 * Layout and navigation at the two sizes the console is checked at: a 1024×768 laptop and a 1440×900
 * desktop. A test that needs data seeds a small pipeline (support/pipeline.ts); waits for data are
 * expects, never sleeps.
 */
const DATA = { timeout: 60_000 };
const SIZES = [
  { name: '1024×768', width: 1024, height: 768 },
  { name: '1440×900', width: 1440, height: 900 },
] as const;
/** The recorder's consumer group, named for the server's new database (server/recorder/recorder-group.ts). */
const RECORDER_GROUP = /eventlens-recorder-[0-9a-f]{8}/.source;

const groupsTable = (page: Page) => page.getByRole('table', { name: 'Consumer groups' });
const streamsTable = (page: Page) => page.getByRole('table', { name: 'Streams' });
const groupToggle = (page: Page, group: string, topic: string) =>
  groupsTable(page).getByRole('button', { name: `${group} on ${topic}`, exact: true });

/** Escapes a name for a RegExp (topic names have dots). */
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether an element is drawn wholly inside the window's width (not cut off at the right edge). */
async function expectWithinWidth(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, 'the element is drawn').not.toBeNull();
  const width = page.viewportSize()!.width;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

/**
 * The text drawn cut under `locator`: each text whose box runs past an ancestor (up to the located
 * element) that clips its overflow. Hidden copies for assistive tech and the drawn halves of a
 * middle-cut name (aria-hidden: cut on purpose, the whole name in its tooltip) do not count.
 */
async function cutText(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((roots) =>
    roots.flatMap((root) => {
      const cut: string[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !node.textContent?.trim()) continue;
        if (parent.closest('.visually-hidden, [aria-hidden="true"]')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const text = range.getBoundingClientRect();
        for (let box: Element | null = parent; box; box = box === root ? null : box.parentElement) {
          if (getComputedStyle(box).overflowX === 'visible') continue;
          const clip = box.getBoundingClientRect();
          if (text.right > clip.right + 0.5 || text.left < clip.left - 0.5) cut.push(node.textContent);
        }
      }
      return cut;
    }),
  );
}

/** Whether every element under `inner` is drawn inside `outer`'s box (nothing runs out of it). */
async function expectDrawnInside(inner: Locator, outer: Locator): Promise<void> {
  const box = (await outer.boundingBox())!;
  const rights = await inner.evaluateAll((elements) =>
    elements.flatMap((el) =>
      [el, ...Array.from(el.querySelectorAll('*'))]
        .filter((e) => !e.closest('.visually-hidden'))
        .map((e) => e.getBoundingClientRect().right),
    ),
  );
  for (const right of rights) expect(right).toBeLessThanOrEqual(box.x + box.width + 0.5);
}

/** The figures of one column of the groups table, top to bottom, as numbers. */
async function columnFigures(page: Page, column: number): Promise<number[]> {
  const rows = groupsTable(page).getByRole('row');
  const texts = await rows.evaluateAll(
    (elements, index) =>
      elements
        .slice(1)
        .map((row) => row.querySelectorAll('[role="cell"]')[index]?.textContent ?? '')
        .filter((text) => text !== ''),
    column,
  );
  return texts.map((text) => Number(text.replace(/[^\d.]/g, '')));
}

for (const size of SIZES) {
  test.describe(`at ${size.name}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    test.describe.configure({ timeout: 240_000 });

    test('the sidebar collapses to an icon rail and remembers it', async ({ page }) => {
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Main' });
      const streamsLink = nav.getByRole('link', { name: 'Streams' });
      // narrow screens start on the rail, wide ones with labels
      const startsExpanded = size.width >= 1100;
      const toggle = page.getByRole('button', { name: /^(Collapse|Expand) sidebar$/ });
      await expect(toggle).toHaveAttribute('aria-expanded', String(startsExpanded));

      if (!startsExpanded) {
        await toggle.click();
        await expect(toggle).toHaveAttribute('aria-expanded', 'true');
        await expect(toggle).toHaveAccessibleName('Collapse sidebar');
      }
      // the page's content starts where the sidebar ends
      const contentStart = async () => (await page.getByRole('main').boundingBox())!.x;
      // one bounding box took 12 s on a loaded 2-core machine: longer than the default expect timeout
      const LAYOUT = { timeout: 30_000 };
      await expect.poll(contentStart, LAYOUT).toBeGreaterThan(150);

      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(toggle).toHaveAccessibleName('Expand sidebar');
      await expect.poll(contentStart, LAYOUT).toBeLessThan(64);
      // the rail keeps every section reachable by name
      await expect(streamsLink).toBeVisible();

      await page.reload();
      await expect(page.getByRole('button', { name: 'Expand sidebar' })).toHaveAttribute(
        'aria-expanded',
        'false',
      );
      await streamsLink.click();
      await expect(page).toHaveURL('/streams');
    });

    test('streams keeps its key columns on screen and the rest in the group detail', async ({
      page,
      seed,
    }) => {
      const { topics: TOPICS, groups: GROUPS } = await seed.pipeline();
      await page.goto('/streams');
      const streams = streamsTable(page);
      await expect(streams.getByRole('row').filter({ hasText: TOPICS.signals })).toHaveCount(1, DATA);
      for (const name of ['Stream', 'Length', 'Groups', 'Dead letters']) {
        await expectWithinWidth(page, streams.getByRole('columnheader', { name, exact: true }));
      }

      const groups = groupsTable(page);
      await expect(groupToggle(page, GROUPS.validate, TOPICS.signals)).toBeVisible(DATA);
      for (const name of ['Group', 'Lag', 'Pending', 'Errors', 'Stuck']) {
        await expectWithinWidth(page, groups.getByRole('columnheader', { name, exact: true }));
      }
      // a header that does not fit wraps; none is cut to "PEN…"
      expect(await cutText(groups.getByRole('columnheader'))).toEqual([]);
      expect(await cutText(streams.getByRole('columnheader'))).toEqual([]);

      const toggle = groupToggle(page, GROUPS.siemExport, TOPICS.validated);
      await toggle.click();
      const detail = page.getByRole('region', { name: `Group ${GROUPS.siemExport} on ${TOPICS.validated}` });
      // what a narrow table leaves out is here: time to clear, rates, consumers, the lag chart
      for (const term of ['Time to clear', 'In / out per second', 'Error rate', 'Pending']) {
        const figure = detail.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) });
        await expect(figure).toBeVisible();
        await expectWithinWidth(page, figure);
      }
      await expect(detail.getByRole('table', { name: 'Consumers' })).toBeVisible();
      expect(
        await cutText(detail.getByRole('table', { name: 'Consumers' }).getByRole('columnheader')),
      ).toEqual([]);
      // the sentences under Lag and Time to clear ("lagging since before 15:…") wrap, never cut
      for (const term of ['Lag', 'Time to clear']) {
        const figure = detail
          .getByRole('term')
          .filter({ hasText: new RegExp(`^${term}$`) })
          .locator('xpath=following-sibling::dd[1]');
        expect(await cutText(figure)).toEqual([]);
      }
      await expect(detail.getByRole('img', { name: /^Idle time of / })).toBeVisible();
      await expectWithinWidth(page, detail.getByRole('heading', { name: 'Stuck entries' }));
    });

    test('overview tiles open the view they summarise', async ({ page, seed }) => {
      const { topics, groups } = await seed.pipeline();
      await page.goto('/');
      const worstLag = page.getByRole('link', { name: 'Worst lag', exact: true });
      // the slow group's lag takes a few seconds of the pipeline's traffic to show. Other specs'
      // pipelines share the server and go when their tests end: the tile followed must name this
      // one's slow group, not a group that may be deleted before the Streams page opens
      const slowGroup = encodeURIComponent(`${topics.validated}/${groups.siemExport}`);
      await expect(worstLag).toHaveAttribute('href', new RegExp(`group=${slowGroup}(&|$)`), {
        timeout: 150_000,
      });
      const worstTile = page.getByRole('region', { name: 'Worst lag' });
      await expect(worstTile.getByText(/ on /)).toBeVisible(DATA);
      // a long group name is cut in its middle inside the tile, not drawn past its edge
      await expectDrawnInside(worstTile.getByText(/ on /), worstTile);
      await worstLag.click();
      await expect(page).toHaveURL(/\/streams\?group=[^&]+%2F[^&]+/);
      const expanded = groupsTable(page).getByRole('button', { expanded: true });
      await expect(expanded).toHaveCount(1, DATA);
      await expect(expanded).toBeInViewport();

      await page.goto('/');
      await page.getByRole('link', { name: 'Dead letters', exact: true }).first().click();
      await expect(page).toHaveURL('/dead-letters');
      await expect(page.getByRole('heading', { level: 1, name: 'Dead letters' })).toBeVisible();

      await page.goto('/');
      await page.getByRole('link', { name: 'Events per second' }).click();
      await expect(page).toHaveURL('/events');
    });
  });
}

test.describe('tables', () => {
  test.describe.configure({ timeout: 240_000 });

  test('a column header sorts its table, by mouse and by keyboard', async ({ page, seed }) => {
    const { topics: TOPICS, groups: GROUPS } = await seed.pipeline();
    await page.goto('/streams');
    await expect(groupToggle(page, GROUPS.siemExport, TOPICS.validated)).toBeVisible(DATA);
    // exact: at 1440 a "Lag, 15 min" chart column sits beside it
    const lag = groupsTable(page).getByRole('columnheader', { name: 'Lag', exact: true });
    await expect(lag).toHaveAttribute('aria-sort', 'none');

    await lag.getByRole('button').click();
    await expect(lag).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/[?&]sort=lag\.desc/);
    const descending = await columnFigures(page, 3);
    expect(descending.length).toBeGreaterThan(3);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));

    await lag.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(lag).toHaveAttribute('aria-sort', 'ascending');
    const ascending = await columnFigures(page, 3);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

    const group = groupsTable(page).getByRole('columnheader', { name: 'Group', exact: true });
    await group.getByRole('button').press('Space');
    await expect(group).toHaveAttribute('aria-sort', 'ascending');
    await expect(lag).toHaveAttribute('aria-sort', 'none');
    const names = await groupsTable(page)
      .getByRole('button', { name: / on / })
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')!.split(' on ')[0]!));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));

    const streams = streamsTable(page);
    const length = streams.getByRole('columnheader', { name: 'Length', exact: true });
    await length.getByRole('button').click();
    await expect(length).toHaveAttribute('aria-sort', 'descending');
  });

  test("EventLens' own groups are hidden until asked for, and the choice lives in the URL", async ({
    page,
    seed,
  }) => {
    const { topics: TOPICS, groups: GROUPS } = await seed.pipeline();
    await page.goto('/streams');
    await expect(groupToggle(page, GROUPS.validate, TOPICS.signals)).toBeVisible(DATA);
    const recorderRows = groupsTable(page).getByRole('button', {
      name: new RegExp(`^${RECORDER_GROUP} on `),
    });
    await expect(recorderRows).toHaveCount(0);

    const show = page.getByRole('checkbox', { name: /Show internal groups/ });
    await expect(show).not.toBeChecked();
    await show.check();
    await expect(page).toHaveURL(/[?&]internal=1/);
    await expect(recorderRows.first()).toBeVisible();

    await page.reload();
    await expect(page.getByRole('checkbox', { name: /Show internal groups/ })).toBeChecked();
    await expect(recorderRows.first()).toBeVisible(DATA);

    await page.getByRole('checkbox', { name: /Show internal groups/ }).uncheck();
    await expect(page).not.toHaveURL(/internal=/);
    await expect(recorderRows).toHaveCount(0);
  });
});

test.describe('flows at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });
  test.describe.configure({ timeout: 240_000 });

  test('node text stays readable, the controls clear the nodes, the panel leaves the graph its width', async ({
    page,
    seed,
  }) => {
    const { topics: TOPICS, groups: GROUPS } = await seed.pipeline();
    await page.goto('/flows');
    // the graph of this test's pipeline: earlier tests' services and topics stay in the topology
    // (silent), and at 1024 a hundred nodes push this one below the fitted view, out of reach
    await page.getByRole('combobox', { name: 'Topic' }).selectOption(TOPICS.validated, DATA);
    const graph = page.getByLabel('Flow graph', { exact: true });
    const node = page.getByRole('button', { name: new RegExp(`^group ${re(GROUPS.siemExport)}, `) });
    await expect(node).toBeVisible(DATA);
    await expect(node).toBeInViewport();

    // node names are 13 px in the node's own coordinates: drawn at ≥ 11 px on screen once the view
    // has fitted the filtered graph (until then it can still show the whole topology's zoom)
    await expect
      .poll(() =>
        node.evaluate((button: HTMLElement) => {
          const name = button.querySelector('span[aria-hidden="true"]')!;
          const scale = button.getBoundingClientRect().width / button.offsetWidth;
          return parseFloat(getComputedStyle(name).fontSize) * scale;
        }),
      )
      .toBeGreaterThanOrEqual(11);

    const controls = page.getByRole('button', { name: 'Zoom In' }).locator('..');
    const controlsBox = (await controls.boundingBox())!;
    for (const box of await page
      .getByRole('button', { name: /^(service|topic|group|dead letters)/ })
      .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().toJSON() as DOMRect))) {
      const overlaps =
        box.left < controlsBox.x + controlsBox.width &&
        box.right > controlsBox.x &&
        box.top < controlsBox.y + controlsBox.height &&
        box.bottom > controlsBox.y;
      expect(overlaps, `a node under the zoom controls at ${box.left},${box.top}`).toBe(false);
    }

    // at 1024 the mini map would sit on nodes: hidden until asked for
    const minimap = page.getByRole('img', { name: 'Mini map of the flow graph' });
    const minimapToggle = page.getByRole('button', { name: 'Mini map', exact: true });
    await expect(minimapToggle).toHaveAttribute('aria-pressed', 'false');
    await expect(minimap).toHaveCount(0);
    await minimapToggle.click();
    await expect(minimapToggle).toHaveAttribute('aria-pressed', 'true');
    await expect(minimap).toBeVisible();
    await minimapToggle.click();
    await expect(minimap).toHaveCount(0);

    const before = (await graph.boundingBox())!.width;
    await node.click();
    await expect(
      page.getByRole('complementary', { name: `Consumer group ${GROUPS.siemExport}` }),
    ).toBeVisible();
    const after = (await graph.boundingBox())!.width;
    expect(after).toBeGreaterThan(before * 0.9);
  });
});

test.describe('settings at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('an address stays on one line, cut in its middle, whole in its copy button', async ({ page }) => {
    await page.goto('/settings');
    const health = page.getByRole('region', { name: 'System health' });
    const copy = health.getByRole('button', { name: 'Copy store address' });
    await expect(copy).toBeVisible(DATA);
    // one line: the address is no taller than its copy button
    const address = copy.locator('..');
    const [addressBox, copyBox] = [(await address.boundingBox())!, (await copy.boundingBox())!];
    expect(addressBox.height).toBeLessThanOrEqual(copyBox.height + 2);
    await expectDrawnInside(address, health);

    const inUse = page.getByRole('table', { name: 'Connections' });
    const storeCopy = inUse.getByRole('button', { name: 'Copy store address' });
    await expect(storeCopy).toBeVisible();
    const storeBox = (await storeCopy.locator('..').boundingBox())!;
    expect(storeBox.height).toBeLessThanOrEqual((await storeCopy.boundingBox())!.height + 2);
  });
});

test.describe('pages still to come', () => {
  test.describe.configure({ timeout: 240_000 });

  test('say what is recorded and what works today, not "nothing yet"', async ({ page, seed }) => {
    const { topics } = await seed.pipeline();
    // other specs' pipelines fail the same way on their own topics: look at this one's
    await page.goto(`/dead-letters?topic=${encodeURIComponent(topics.signals)}`);
    // the pipeline dead-letters a share of its events: their failure group is listed, no first-run hint
    const groups = page.getByRole('table', { name: 'Failure groups' });
    await expect(groups.getByRole('button', { name: /signal without a host/ })).toBeVisible({
      timeout: 90_000,
    });
    await expect(page.getByText('npm run demo')).toHaveCount(0);

    // traces are here: the recent ones are listed, no first-run hint
    await page.goto('/traces');
    await expect(page.getByRole('table', { name: 'Traces' }).getByRole('row').nth(1)).toBeVisible(DATA);
    await expect(page.getByText('npm run demo')).toHaveCount(0);

    // sagas are here: the instances when a spec seeded one, else how to start one; no first-run hint
    await page.goto('/sagas');
    await expect(
      page
        .getByRole('table', { name: 'Saga instances' })
        .or(page.getByRole('heading', { level: 2, name: 'No saga instances yet' })),
    ).toBeVisible(DATA);
    await expect(page.getByText('npm run demo')).toHaveCount(0);
  });
});
