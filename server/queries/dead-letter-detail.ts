/**
 * One dead letter with everything about it (`GET /api/dead-letters/{id}`): the failing group's
 * attempts from the delivery telemetry, its history, the replay jobs that included it, and the original
 * entry decoded. Unmasked: the route passes it through the masking presenter (server/access).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  deadLetters,
  type DeadLetterHistoryEntry,
  deliveries,
  deliveryConsumers,
  events,
  replayJobLetters,
  replayJobs,
} from '@/db/schema';
import type { DeadLetterDetail } from '@/server/contracts/dead-letter-list';
import { cutHead, DEFAULT_PAYLOAD_PREVIEW_BYTES, type PayloadPreview } from '@/server/contracts/payload';
import { listColumns, toDeadLetterItem } from './dead-letters';
import { DeadLetterNotFoundError } from './errors';

export const MAX_DEAD_LETTER_ATTEMPTS = 100;
const MAX_REPLAYS = 50;

export async function getDeadLetter(
  db: Db,
  id: string,
  previewBytes = DEFAULT_PAYLOAD_PREVIEW_BYTES,
): Promise<DeadLetterDetail> {
  const [row] = await db
    .select({
      ...listColumns,
      entryId: deadLetters.entryId,
      errorStack: deadLetters.errorStack,
      pattern: deadLetters.pattern,
      frame: deadLetters.frame,
      raw: deadLetters.raw,
      history: deadLetters.history,
      // what operators did, after what the recorder saw
      actions: sql<
        DeadLetterHistoryEntry[]
      >`coalesce((select st.history from dead_letter_states st where st.letter_id = dead_letters.id), '[]'::jsonb)`,
    })
    .from(deadLetters)
    .where(eq(deadLetters.id, id))
    .limit(1);
  if (!row) throw new DeadLetterNotFoundError(id);
  const { entryId, errorStack, pattern, frame, raw, history: recordedHistory, actions, ...item } = row;
  const history = [...recordedHistory, ...actions];

  const [attempts, replays, recorded] = await Promise.all([
    item.eventId
      ? db
          .select({
            attempt: deliveries.attempt,
            at: deliveries.at,
            outcome: deliveries.outcome,
            consumer: deliveryConsumers.consumer,
            durationMs: deliveries.durationMs,
            error: deliveries.error,
          })
          .from(deliveries)
          .innerJoin(deliveryConsumers, eq(deliveryConsumers.id, deliveries.consumerId))
          .where(
            and(
              eq(deliveries.eventId, item.eventId),
              eq(deliveryConsumers.topic, item.topic),
              eq(deliveryConsumers.group, item.group),
            ),
          )
          .orderBy(asc(deliveries.at), asc(deliveries.attempt))
          .limit(MAX_DEAD_LETTER_ATTEMPTS)
      : Promise.resolve([]),
    db
      .select({
        jobId: replayJobLetters.jobId,
        state: replayJobLetters.state,
        replayedAt: replayJobLetters.replayedAt,
        settledAt: replayJobLetters.settledAt,
      })
      .from(replayJobLetters)
      .innerJoin(replayJobs, eq(replayJobs.id, replayJobLetters.jobId))
      .where(eq(replayJobLetters.letterId, id))
      .orderBy(desc(replayJobs.createdAt))
      .limit(MAX_REPLAYS),
    item.eventId
      ? db.select({ one: events.eventId }).from(events).where(eq(events.eventId, item.eventId)).limit(1)
      : Promise.resolve([]),
  ]);

  const decoded = decodeEnvelope(raw, previewBytes);
  return {
    ...toDeadLetterItem(item),
    entryId,
    errorStack,
    pattern,
    frame,
    raw,
    envelope: decoded?.envelope ?? null,
    data: decoded?.data ?? null,
    sensitivity: decoded?.sensitivity ?? null,
    attempts: attempts.map((a) => ({ ...a, at: a.at.toISOString() })),
    history: history.map((h) => ({
      at: h.at,
      action: h.action,
      actor: h.actor,
      ...(h.detail !== undefined ? { detail: h.detail } : {}),
      ...(h.jobId !== undefined ? { jobId: h.jobId } : {}),
    })),
    replays: replays.map((r) => ({
      jobId: r.jobId,
      state: r.state,
      at: (r.settledAt ?? r.replayedAt)?.toISOString() ?? null,
    })),
    eventRecorded: recorded.length > 0,
  };
}

/**
 * The SDK entry's `event` field as an envelope without `data`, and `data` as a bounded preview; null
 * for foreign entries (no `event` field, or not a CloudEvents object).
 */
export function decodeEnvelope(
  raw: Record<string, string>,
  previewBytes: number,
): { envelope: Record<string, unknown>; data: PayloadPreview | null; sensitivity: string | null } | null {
  const text = raw.event;
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { data, ...envelope } = parsed as Record<string, unknown>;
  if (typeof envelope.specversion !== 'string') return null;
  let preview: PayloadPreview | null = null;
  if (data !== undefined) {
    const json = JSON.stringify(data);
    preview = { ...cutHead(json, previewBytes), sizeBytes: Buffer.byteLength(json) };
  }
  const sensitivity = typeof envelope.sensitivity === 'string' ? envelope.sensitivity : null;
  return { envelope, data: preview, sensitivity };
}
