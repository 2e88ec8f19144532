/**
 * Maintenance step: dead letters recorded before fingerprints existed (fingerprint = '') get theirs,
 * a bounded number of batches per run so that a large backlog never holds the store for long.
 */
import { fingerprintFailure } from '@/server/bus/fingerprint';
import { textArray } from './sql-arrays';
import type { SqlSession, SqlStore } from './sql-session';
import { storableText } from './storable';

/** Batches per maintenance run: the rest waits for the next run. */
const MAX_BATCHES_PER_RUN = 20;

interface Unprinted {
  id: string;
  topic: string;
  group_name: string;
  error_name: string;
  error_message: string;
  error_stack: string;
}

/** Fills fingerprint, pattern and frame of unprinted rows; returns how many rows it filled. */
export async function backfillFingerprints(
  store: SqlStore,
  s: SqlSession,
  batch: number,
  signal?: AbortSignal,
): Promise<number> {
  let total = 0;
  for (let round = 0; round < MAX_BATCHES_PER_RUN && !signal?.aborted; round++) {
    const rows = await s.query<Unprinted>(
      `select id, topic, group_name, error_name, error_message, error_stack from dead_letters
       where fingerprint = '' limit $1::integer`,
      [String(batch)],
    );
    if (rows.length === 0) break;
    const printed = rows.map((row) => ({
      id: row.id,
      ...fingerprintFailure({
        topic: row.topic,
        group: row.group_name,
        errorName: row.error_name,
        errorMessage: row.error_message,
        errorStack: row.error_stack,
      }),
    }));
    await s.query(
      `update dead_letters d set fingerprint = u.fingerprint, pattern = u.pattern, frame = u.frame
       from unnest($1::text::text[], $2::text::text[], $3::text::text[], $4::text::text[]) as u(id, fingerprint, pattern, frame)
       where d.id = u.id and d.fingerprint = ''`,
      [
        textArray(printed.map((p) => p.id)),
        textArray(printed.map((p) => p.fingerprint)),
        textArray(printed.map((p) => storableText(p.pattern))),
        textArray(printed.map((p) => storableText(p.frame))),
      ],
    );
    total += rows.length;
    await store.pause();
    if (rows.length < batch) break;
  }
  return total;
}
