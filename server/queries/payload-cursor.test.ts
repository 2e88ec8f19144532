import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Store } from '@/db/client';
import { events } from '@/db/schema';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { eventRow } from '@/server/testing/store-rows';
import { findEvent } from './events';
import { getPayloadPreviews } from './event-payload';
import { openPayload, type PayloadReader } from './payload-cursor';
import { selectRows } from '@/db/select-rows';

async function drain(reader: PayloadReader): Promise<{ bytes: number; sha256: string; chunks: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let chunks = 0;
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    hash.update(chunk);
    bytes += chunk.byteLength;
    chunks += 1;
  }
  return { bytes, sha256: hash.digest('hex'), chunks };
}

describe.each(STORE_FLAVOURS)('payload cursor and previews on %s', (flavour) => {
  let store: Store;
  let db: Db;
  let cleanup: () => Promise<void>;
  // multi-byte characters, quotes and escapes, so chunk edges fall inside characters
  const data = {
    rows: Array.from({ length: 20_000 }, (_, i) => ({ i, text: `é "q" \\ ✓ ${'z'.repeat(i % 50)}` })),
  };

  beforeAll(async () => {
    const created = await createTestStore(flavour, 'payload-cursor');
    store = created.store;
    db = store.db;
    cleanup = created.cleanup;
    await db
      .insert(events)
      .values([
        eventRow({ eventId: 'e1', time: new Date('2025-03-01T10:00:00.123456Z'), data }),
        eventRow({ eventId: 'no-data', time: new Date('2025-03-01T10:00:01Z') }),
      ]);
  });
  afterAll(() => cleanup());

  it('hands out exactly the stored text, chunk by chunk', async () => {
    const [stored] = await selectRows<{ bytes: number; sha256: string }>(
      db,
      sql`select octet_length(data::text)::int as bytes,
                 encode(sha256(convert_to(data::text, 'UTF8')), 'hex') as sha256 from events where event_id = 'e1'`,
    );
    const { key } = await findEvent(db, 'e1');
    const reader = (await openPayload(db, store.kind, key, 'data', 64 * 1024))!;
    expect(reader.sizeBytes).toBe(stored!.bytes);
    const received = await drain(reader);
    expect(received).toMatchObject({ bytes: stored!.bytes, sha256: stored!.sha256 });
    expect(received.chunks).toBe(Math.ceil(stored!.bytes / (64 * 1024)));
    expect(await reader.read()).toBeNull();
  });

  it('is null for an empty part', async () => {
    const { key } = await findEvent(db, 'no-data');
    expect(await openPayload(db, store.kind, key, 'data')).toBeNull();
    expect(await openPayload(db, store.kind, key, 'rawFields')).toBeNull();
  });

  it('lets other statements run while a download is open, and closes early', async () => {
    const { key } = await findEvent(db, 'e1');
    const reader = (await openPayload(db, store.kind, key, 'data', 1024))!;
    await reader.read();
    const [row] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from events`);
    expect(row!.n).toBe(2);
    await reader.close();
    await reader.close();
    expect(await reader.read()).toBeNull();
  });

  it('previews within the budget, with the true size', async () => {
    const { key } = await findEvent(db, 'e1');
    const { data, rawFields } = await getPayloadPreviews(db, key, 1000);
    expect(rawFields).toBeNull();
    expect(data!.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(data!.text)) - 2).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(JSON.stringify(data!.text)) - 2).toBeGreaterThan(990);
    const [whole] = await selectRows<{ text: string }>(
      db,
      sql`select data::text as text from events where event_id = 'e1'`,
    );
    expect(whole!.text.startsWith(data!.text)).toBe(true);
    expect(data!.sizeBytes).toBe(Buffer.byteLength(whole!.text));
  });
});
