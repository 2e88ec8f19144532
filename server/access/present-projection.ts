/**
 * Projections leave the server here. Two things in them can carry payload bits:
 *  - a generation's `lastError`: a handler's exception message is free text that may quote the event
 *    it failed on. Credentials are hidden for everyone (as health and audit texts are); below
 *    `payload:read` (a viewer) only the error's name is kept.
 *  - the read model's values: derived from event payloads. Masking rules locate values by a path in an
 *    event's data, which a read model no longer has, so values are whole-or-nothing: a viewer sees the
 *    model's keys, fields and members (its shape, like an event's keys) and `***` for every value; so
 *    does a role that any masking rule hides something from (the value may come from that path), and
 *    every role but admin when the rules could not be loaded (fail closed, as for events).
 * Pure: the caller and the rules come in as arguments.
 */
import { MASKED_VALUE, type MaskInfo } from '@/server/contracts/masking';
import type {
  ProjectionDetail,
  ProjectionGeneration,
  ProjectionList,
  ProjectionSummary,
  ReadModel,
} from '@/server/contracts/projections';
import { maskCredentials } from './mask';
import type { MaskRule } from './masking';
import type { Principal } from './principal';
import { atLeast, can } from './roles';

type Caller = Pick<Principal, 'role'>;

/** `Name: message` (the SDK's format) to `Name: ***` for a caller who may not read payloads. */
export function presentProjectionError(caller: Caller, text: string | null): string | null {
  if (text === null) return null;
  const masked = maskCredentials(text);
  if (can(caller.role, 'payload:read')) return masked;
  const colon = masked.indexOf(':');
  const name = colon > 0 && colon <= 80 ? masked.slice(0, colon) : 'Error';
  return `${name}: ${MASKED_VALUE}`;
}

function generation(caller: Caller, g: ProjectionGeneration): ProjectionGeneration {
  return { ...g, lastError: presentProjectionError(caller, g.lastError) };
}

export function presentProjectionSummary(caller: Caller, row: ProjectionSummary): ProjectionSummary {
  return {
    ...row,
    active: generation(caller, row.active),
    building: row.building ? generation(caller, row.building) : null,
  };
}

export function presentProjectionList(caller: Caller, list: ProjectionList): ProjectionList {
  return { ...list, items: list.items.map((row) => presentProjectionSummary(caller, row)) };
}

/** `rules`: the masking rules, null when they could not be loaded. */
export function presentReadModel(
  caller: Caller,
  model: ReadModel,
  rules: readonly MaskRule[] | null,
): ReadModel {
  const reason: MaskInfo['reason'] | null = !can(caller.role, 'payload:read')
    ? 'role'
    : rules === null
      ? caller.role === 'admin'
        ? null
        : 'rule'
      : rules.some((rule) => !atLeast(caller.role, rule.revealTo))
        ? 'rule'
        : null;
  if (!reason) return model;
  return {
    ...model,
    keys: model.keys.map((key) => ({
      ...key,
      entries: key.entries.map((entry) => ({ ...entry, value: MASKED_VALUE })),
    })),
    masking: { all: true, reason, paths: [] },
  };
}

export function presentProjectionDetail(
  caller: Caller,
  detail: ProjectionDetail,
  rules: readonly MaskRule[] | null,
): ProjectionDetail {
  return {
    summary: presentProjectionSummary(caller, detail.summary),
    readModel: presentReadModel(caller, detail.readModel, rules),
  };
}
