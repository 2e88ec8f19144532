/**
 * Stream entry -> rows. Pure: no I/O, no clock (the caller passes `now`), never throws. Every row it
 * returns is storable as is (see storable.ts), so one odd entry cannot fail its batch.
 *
 * - SDK entries (one field `event` holding a CloudEvents envelope) -> an events row keyed by the
 *   envelope's source + id + time.
 * - Foreign entries (any fields, no `event`) -> an events row with `foreign`, the raw fields, source =
 *   stream key, id = `<stream>/<entry id>`, time = the entry id's milliseconds, and type, correlation
 *   and causation read from configurable field names.
 * - Undecodable entries on SDK topic streams (`event` present but not an envelope) -> an events row
 *   with `decodeError` and the raw fields: recorded, never dropped.
 * - Telemetry entries -> deliveries rows; dead-letter entries -> dead_letters rows.
 */
import { projectDeadLetter } from './project-dead-letter';
import { projectEvent, undecodableRow } from './project-event';
import { projectTelemetry } from './project-telemetry';
import { DEFAULT_FIELD_NAMES, type FieldNames, type Projection, type StreamRef } from './projection-rows';

export { serviceOf } from './project-event';
export {
  DEFAULT_FIELD_NAMES,
  entryMs,
  RECORDER_ACTOR,
  UNKNOWN_TYPE,
  type DeadLetterRow,
  type DeliveryRow,
  type EventRow,
  type FieldNames,
  type Projection,
  type StreamKind,
  type StreamRef,
} from './projection-rows';

/** Projects one entry; `flat` is the entry's fields as ioredis returns them ([k, v, k, v]). */
export function projectEntry(
  stream: StreamRef,
  entryId: string,
  flat: readonly string[],
  fields: FieldNames = DEFAULT_FIELD_NAMES,
  now = Date.now(),
): Projection {
  try {
    switch (stream.kind) {
      case 'telemetry':
        return projectTelemetry(entryId, flat, now);
      case 'dead-letters':
        return { kind: 'dead-letter', row: projectDeadLetter(stream.topic, entryId, flat, now) };
      default:
        return { kind: 'event', row: projectEvent(stream, entryId, flat, fields, now) };
    }
  } catch (error) {
    // not expected (the projection is total); if it happens the entry is still recorded, with the reason
    const reason = `projection failed: ${(error as Error).message}`;
    if (stream.kind === 'telemetry') return { kind: 'deliveries', rows: [], dropped: 0, unknownFormat: true };
    return { kind: 'event', row: undecodableRow(stream, entryId, flat, reason, fields, now) };
  }
}
