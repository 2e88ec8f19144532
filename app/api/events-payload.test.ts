/**
 * A 50 MB event over the REST API, on real Postgres: the detail carries a preview of at most the cap
 * with the true size; the whole payload is a streamed download of exactly the stored bytes; downloads
 * beyond the limit are refused with 429 and Retry-After, and a finished or abandoned one frees its slot.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '@/db/schema';
import { ApiError } from '@/server/contracts/errors';
import { EventDetail, EventPage } from '@/server/contracts/events';
import { appContext, registerAppContext } from '@/server/http/context';
import { selectRows } from '@/db/select-rows';
import { get, json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventRow } from '@/server/testing/store-rows';
import { GET as getPayload } from './events/[id]/payload/route';
import { GET as getEvent } from './events/[id]/route';
import { GET as getEvents } from './events/route';

const CAP = 256 * 1024;
/** What the detail carries besides its previews: the envelope, links, cause/caused, deliveries. */
const OVERHEAD = 16 * 1024;
const DOWNLOADS = 4;

const detail = (id: string) => getEvent(request(`/api/events/${id}`), { params: Promise.resolve({ id }) });
const download = (id: string, query = '') =>
  getPayload(request(`/api/events/${id}/payload${query}`), { params: Promise.resolve({ id }) });

async function readAll(response: Response): Promise<{ bytes: number; sha256: string; chunks: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let chunks = 0;
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    hash.update(read.value);
    bytes += read.value.byteLength;
    chunks += 1;
  }
  return { bytes, sha256: hash.digest('hex'), chunks };
}

describe('REST API: a 50 MB payload (route handlers over real Postgres)', () => {
  let ctx: TestContext;
  /** The stored payload's size and digest, as Postgres computes them. */
  let stored: { bytes: number; sha256: string };
  let storedRaw: { bytes: number; sha256: string };

  const digest = async (column: 'data' | 'raw_fields', id: string) => {
    const [row] = await selectRows<{ bytes: number; sha256: string }>(
      ctx.db,
      sql`select octet_length(${sql.raw(column)}::text)::int as bytes,
                 encode(sha256(convert_to(${sql.raw(column)}::text, 'UTF8')), 'hex') as sha256
          from events where event_id = ${id}`,
    );
    return row!;
  };

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-payload', { previewBytes: CAP, downloads: DOWNLOADS });
    // built by Postgres, so the test process never holds the payload either: ~330,000 records, ~52 MB
    await ctx.db.execute(sql`
      insert into events (source, event_id, time, topic, stream, entry_id, type, data, size_bytes)
      select '/services/bulk', 'big', now(), 'bulk', 'el:{bulk}:stream', '1-0', 'bulk.exported',
             jsonb_build_object('items', jsonb_agg(jsonb_build_object(
               'i', g, 'sku', 'sku-' || g, 'note', repeat('lorem "ipsum" é ', 8)))),
             0
      from generate_series(1, 330000) g`);
    await ctx.db.insert(events).values([
      eventRow({
        eventId: 'foreign-big',
        time: new Date(),
        topic: 'legacy',
        foreign: true,
        rawFields: { blob: 'x'.repeat(3 * 1024 * 1024), kind: 'dump' },
      }),
      eventRow({ eventId: 'small', time: new Date(), data: { n: 1 } }),
    ]);
    stored = await digest('data', 'big');
    storedRaw = await digest('raw_fields', 'foreign-big');
    expect(stored.bytes).toBeGreaterThan(50 * 1024 * 1024);
  }, 120_000);
  afterAll(() => ctx.cleanup());

  it('GET /api/events/{id} carries a preview within the cap, the true size and the truncated flag', async () => {
    const response = await detail('big');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(CAP + OVERHEAD);
    const event = EventDetail.parse(JSON.parse(text));
    expect(event.data).toMatchObject({ sizeBytes: stored.bytes, truncated: true });
    expect(Buffer.byteLength(JSON.stringify(event.data!.text))).toBeGreaterThan(CAP - 16);
    // the preview is the start of the stored text, exactly
    const [same] = await selectRows<{ same: boolean }>(
      ctx.db,
      sql`select left(data::text, ${event.data!.text.length}) = ${event.data!.text} as same from events where event_id = 'big'`,
    );
    expect(same!.same).toBe(true);

    const small = EventDetail.parse(await json(await detail('small')));
    expect(small.data).toEqual({ text: '{"n":1}', sizeBytes: 7, truncated: false });
  });

  it('follows the configured cap, for raw fields too', async () => {
    const registered = appContext();
    registerAppContext({ ...registered, payloads: { ...registered.payloads, previewBytes: 4096 } });
    try {
      const text = await (await detail('foreign-big')).text();
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096 + OVERHEAD);
      const event = EventDetail.parse(JSON.parse(text));
      expect(event.data).toBeNull();
      expect(event.rawFields).toMatchObject({ sizeBytes: storedRaw.bytes, truncated: true });
      expect(event.rawFields!.text.length).toBeLessThanOrEqual(4096);
    } finally {
      registerAppContext(registered);
    }
  });

  it('GET /api/events lists the large event with a short, flagged preview', async () => {
    const page = EventPage.parse(await json(await get(getEvents, '/api/events?topic=bulk')));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.previewTruncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(page.items[0]!.preview))).toBeLessThanOrEqual(200 + 2);
  });

  it('GET /api/events/{id}/payload streams exactly the stored bytes, in chunks, as an attachment', async () => {
    const response = await download('big');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('content-length')).toBe(String(stored.bytes));
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="data-big\.json"/);
    const received = await readAll(response);
    expect(received).toMatchObject({ bytes: stored.bytes, sha256: stored.sha256 });
    expect(received.chunks).toBeGreaterThanOrEqual(Math.floor(stored.bytes / (256 * 1024)));
    expect(appContext().payloads.downloads.running).toBe(0);

    const raw = await download('foreign-big', '?part=rawFields');
    expect(raw.headers.get('content-disposition')).toMatch(/filename="raw-fields-foreign-big\.json"/);
    expect(await readAll(raw)).toMatchObject({ bytes: storedRaw.bytes, sha256: storedRaw.sha256 });
  });

  it('answers 404 for an event without that part, and 400 for an unknown part', async () => {
    const none = await download('foreign-big');
    expect(none.status).toBe(404);
    expect(ApiError.parse(await none.json()).error.message).toBe('event "foreign-big" has no data');
    expect((await download('nope')).status).toBe(404);
    expect((await download('big', '?part=all')).status).toBe(400);
    expect(appContext().payloads.downloads.running).toBe(0);
  });

  it('runs at most the limit at once: 10 concurrent downloads get 4 streams and 6 x 429 with Retry-After', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => download('big')));
    const served = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(served).toHaveLength(DOWNLOADS);
    expect(refused).toHaveLength(10 - DOWNLOADS);
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toBe('5');
      expect(ApiError.parse(await response.json()).error.code).toBe('TOO_MANY_REQUESTS');
    }
    expect(appContext().payloads.downloads.running).toBe(DOWNLOADS);
    expect((await download('big')).status).toBe(429);

    // one read to the end, the others abandoned mid-way: every slot comes back
    expect((await readAll(served[0]!)).sha256).toBe(stored.sha256);
    for (const response of served.slice(1)) {
      const reader = response.body!.getReader();
      await reader.read();
      await reader.cancel();
    }
    expect(appContext().payloads.downloads.running).toBe(0);
    const again = await download('big');
    expect(again.status).toBe(200);
    await again.body!.cancel();
    expect(appContext().payloads.downloads.running).toBe(0);
  });
});
