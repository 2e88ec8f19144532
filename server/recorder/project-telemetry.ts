import { decodeTelemetryEntry } from '@/server/bus';
import { indexedNullable, indexedText, int32, isoFromMs, storableNullable, storableText } from './storable';
import { entryMs, type DeliveryRow, type Projection } from './projection-rows';

/** A telemetry stream entry -> deliveries rows (an entry of an unknown format is counted, not stored). */
export function projectTelemetry(entryId: string, flat: readonly string[], now: number): Projection {
  const { records, dropped, known } = decodeTelemetryEntry(flat);
  if (!known) return { kind: 'deliveries', rows: [], dropped: 0, unknownFormat: true };
  const fallbackMs = entryMs(entryId, now);
  const rows: DeliveryRow[] = records.map((r) => ({
    topic: indexedText(r.topic),
    entryId: indexedText(r.entryId),
    group: indexedText(r.group),
    consumer: indexedText(r.consumer),
    service: storableText(r.service),
    eventId: indexedNullable(r.eventId),
    type: storableNullable(r.type),
    correlationId: storableNullable(r.correlationId),
    outcome: r.outcome,
    attempt: int32(r.attempt) ?? 1,
    durationMs:
      r.durationMs !== null && Number.isFinite(r.durationMs) && r.durationMs >= 0 ? r.durationMs : null,
    category: storableNullable(r.category),
    error: storableNullable(r.error),
    atMs: isoFromMs(r.at) === null || r.at === 0 ? fallbackMs : r.at,
  }));
  return {
    kind: 'deliveries',
    rows,
    dropped: Number.isFinite(dropped) && dropped > 0 ? dropped : 0,
    unknownFormat: false,
  };
}
