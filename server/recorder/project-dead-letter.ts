import type { DeadLetterHistoryEntry } from '@/db/schema';
import { fieldsToObject } from '@/server/bus/codec';
import { parseDeadLetter } from '@/server/bus/dead-letters';
import { DEAD_LETTER_CATEGORIES, type DeadLetterCategory } from '@/server/contracts/envelope';
import { fingerprintFailure } from '@/server/bus/fingerprint';
import { indexedNullable, indexedText, int32, isoFromMs, storableNullable, storableText } from './storable';
import { entryMs, RECORDER_ACTOR, storableFields, type DeadLetterRow } from './projection-rows';

/** A dead-letter stream entry -> a dead_letters row; hand-written junk is kept with what it says. */
export function projectDeadLetter(
  topic: string,
  entryId: string,
  flat: readonly string[],
  now: number,
): DeadLetterRow {
  const history: DeadLetterHistoryEntry[] = [
    { at: new Date(now).toISOString(), action: 'recorded', actor: RECORDER_ACTOR },
  ];
  const recordedMs = entryMs(entryId, now);
  const letter = parseDeadLetter(topic, entryId, flat);
  if (letter) {
    return withFingerprint({
      id: indexedText(letter.id),
      topic: storableText(topic),
      group: storableText(letter.group),
      consumer: storableText(letter.consumer),
      entryId: storableText(letter.entryId),
      eventId: storableNullable(letter.eventId),
      eventType: storableNullable(letter.eventType),
      correlationId: indexedNullable(letter.correlationId),
      category: letter.category,
      attempts: int32(letter.attempts) ?? 0,
      firstFailureMs: validMs(letter.firstFailureAt, recordedMs),
      lastFailureMs: validMs(letter.lastFailureAt, recordedMs),
      errorName: storableText(letter.errorName),
      errorMessage: storableText(letter.errorMessage),
      errorStack: storableText(letter.errorStack),
      raw: storableFields(letter.raw),
      history,
    });
  }
  // hand-written junk on a dead-letter stream: kept with what it says, never dropped
  const f = fieldsToObject(flat);
  const category = (DEAD_LETTER_CATEGORIES as readonly string[]).includes(f.category ?? '')
    ? (f.category as DeadLetterCategory)
    : 'poison';
  return withFingerprint({
    id: indexedText(`${topic}/${entryId}`),
    topic: storableText(topic),
    group: storableText(f.group ?? ''),
    consumer: storableText(f.consumer ?? ''),
    entryId: storableText(f.entryId ?? entryId),
    eventId: storableNullable(f.eventId || null),
    eventType: storableNullable(f.eventType || null),
    correlationId: indexedNullable(f.correlationId || null),
    category,
    attempts: int32(Number(f.attempts)) ?? 0,
    firstFailureMs: validMs(Number(f.firstFailureAt), recordedMs),
    lastFailureMs: validMs(Number(f.lastFailureAt), recordedMs),
    errorName: storableText(f.errorName || 'UnreadableDeadLetter'),
    errorMessage: storableText(f.errorMessage || 'the dead-letter entry is not in the SDK format'),
    errorStack: storableText(f.errorStack ?? ''),
    raw: storableFields(f),
    history,
  });
}

/** Adds the cause's fingerprint, computed from the stored (storable) texts. */
function withFingerprint(row: Omit<DeadLetterRow, 'fingerprint' | 'pattern' | 'frame'>): DeadLetterRow {
  const { fingerprint, pattern, frame } = fingerprintFailure(row);
  return { ...row, fingerprint, pattern: storableText(pattern), frame: storableText(frame) };
}

function validMs(ms: number, fallback: number): number {
  return ms > 0 && isoFromMs(ms) !== null ? ms : fallback;
}
