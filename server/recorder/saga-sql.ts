/**
 * The statements that upsert saga_instances and saga_steps from a batch's folded saga changes, and
 * their parameters. Idempotent: a row's latest-wins columns take the incoming values only when the
 * incoming seq is above the stored one (a transition published twice, even at another time, changes
 * nothing the second time), starts only move earlier, late replies are kept once per seq and event ids
 * once. A choreography's seq is its event's time: an event of the same millisecond as the stored one
 * also applies (the events table already made sure it is another event).
 */
import { columns, literals, num, textArray, time, unnest } from './sql-arrays';
import type { InstanceUpsert, StepUpsert } from './saga-fold';

const INSTANCE_CASTS = [
  '',
  '',
  'integer',
  '',
  '',
  '',
  'integer',
  '',
  'integer',
  '',
  'jsonb',
  'jsonb',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'bigint',
  'integer',
];

/** `excluded` is a later transition than the stored row's. */
const NEWER_INSTANCE =
  "(excluded.last_seq > i.last_seq or (excluded.last_seq = i.last_seq and i.kind = 'choreographed'))";
const NEWER_STEP = 'excluded.last_seq > s.last_seq';

/** Newest non-null wins: a change that says nothing about the column leaves it. */
const newestPresent = (newer: string, alias: string, column: string, presence = column): string =>
  `${column} = case when ${newer} and excluded.${presence} is not null then excluded.${column} ` +
  `else coalesce(${alias}.${column}, excluded.${column}) end`;

/**
 * The failed step's columns: a later round (an operator's retry) replaces them, failure or none, and
 * an earlier round's never comes back; within a round, the newest failure wins.
 */
const failedColumn = (column: string, presence = 'failed_step_index'): string =>
  `${column} = case when excluded.round > i.round then excluded.${column} ` +
  `when excluded.round < i.round then i.${column} ` +
  `when ${NEWER_INSTANCE} and excluded.${presence} is not null then excluded.${column} ` +
  `else coalesce(i.${column}, excluded.${column}) end`;

export const UPSERT_SAGA_INSTANCES =
  `insert into saga_instances as i (saga_id, definition_name, definition_version, kind, status, correlation_id, ` +
  `current_step_index, current_step_name, failed_step_index, failed_step_name, failed_error, input, ` +
  `started_at, updated_at, ended_at, last_seq, round) ${unnest(INSTANCE_CASTS)} ` +
  `on conflict (saga_id) do update set ` +
  `status = case when ${NEWER_INSTANCE} then excluded.status else i.status end, ` +
  `${newestPresent(NEWER_INSTANCE, 'i', 'current_step_index')}, ` +
  `${newestPresent(NEWER_INSTANCE, 'i', 'current_step_name', 'current_step_index')}, ` +
  `${failedColumn('failed_step_index')}, ` +
  `${failedColumn('failed_step_name')}, ` +
  // the error goes with its step: a newer failure without an error clears the older one's
  `${failedColumn('failed_error')}, ` +
  `correlation_id = coalesce(i.correlation_id, excluded.correlation_id), ` +
  `input = coalesce(i.input, excluded.input), ` +
  `started_at = least(i.started_at, excluded.started_at), ` +
  `updated_at = case when ${NEWER_INSTANCE} then greatest(i.updated_at, excluded.updated_at) else i.updated_at end, ` +
  `ended_at = case when ${NEWER_INSTANCE} then excluded.ended_at else i.ended_at end, ` +
  `last_seq = greatest(i.last_seq, excluded.last_seq), ` +
  `round = greatest(i.round, excluded.round)`;

export function instanceParams(rows: readonly InstanceUpsert[]): string[] {
  return literals(
    columns(rows, INSTANCE_CASTS.length, (r) => [
      r.sagaId,
      r.definition.name,
      String(r.definition.version),
      r.kind,
      r.status,
      r.correlationId,
      num(r.currentStep?.index ?? null),
      r.currentStep?.name ?? null,
      num(r.failedStep?.index ?? null),
      r.failedStep?.name ?? null,
      r.failedStep?.error ? JSON.stringify(r.failedStep.error) : null,
      r.input,
      time(r.startedMs),
      time(r.updatedMs),
      r.endedMs === null ? null : time(r.endedMs),
      String(r.seq),
      String(r.round),
    ]),
  );
}

const STEP_CASTS = [
  '',
  'integer',
  'integer',
  '',
  'integer',
  '',
  '',
  'timestamptz',
  'timestamptz',
  'jsonb',
  'integer',
  'jsonb',
  'jsonb',
  '',
  'text[]',
  'bigint',
];

export const UPSERT_SAGA_STEPS =
  `insert into saga_steps as s (saga_id, round, step_index, phase, attempt, name, status, started_at, ended_at, ` +
  `error, retry_in_ms, late_replies, payload, payload_type, event_ids, last_seq) ${unnest(STEP_CASTS)} ` +
  `on conflict (saga_id, round, step_index, phase, attempt) do update set ` +
  `status = case when ${NEWER_STEP} then excluded.status else s.status end, ` +
  `started_at = least(s.started_at, excluded.started_at), ` +
  `${newestPresent(NEWER_STEP, 's', 'ended_at')}, ` +
  `${newestPresent(NEWER_STEP, 's', 'error')}, ` +
  `${newestPresent(NEWER_STEP, 's', 'retry_in_ms')}, ` +
  `${newestPresent(NEWER_STEP, 's', 'payload')}, ` +
  `${newestPresent(NEWER_STEP, 's', 'payload_type', 'payload')}, ` +
  `late_replies = s.late_replies || coalesce((select jsonb_agg(r.v) from jsonb_array_elements(excluded.late_replies) as r(v) ` +
  `where not s.late_replies @> jsonb_build_array(jsonb_build_object('seq', r.v->'seq'))), '[]'::jsonb), ` +
  `event_ids = s.event_ids || array(select e.id from unnest(excluded.event_ids) as e(id) where e.id <> all(s.event_ids)), ` +
  `last_seq = greatest(s.last_seq, excluded.last_seq)`;

export function stepParams(rows: readonly StepUpsert[]): string[] {
  return literals(
    columns(rows, STEP_CASTS.length, (r) => [
      r.sagaId,
      String(r.round),
      String(r.index),
      r.phase,
      String(r.attempt),
      r.name,
      r.status,
      r.startedMs === null ? null : time(r.startedMs),
      r.endedMs === null ? null : time(r.endedMs),
      r.error ? JSON.stringify(r.error) : null,
      num(r.retryInMs),
      JSON.stringify(r.lateReplies),
      r.payload,
      r.payloadType,
      textArray(r.eventIds),
      String(r.statusSeq),
    ]),
  );
}
