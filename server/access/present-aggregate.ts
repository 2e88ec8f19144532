/**
 * Aggregate histories leave the server here. Each event's data is masked as that event is everywhere
 * else (its type's rules and sensitivity). A state is not an event, yet it holds what events carried:
 * it is masked by the rules whose event type matches the aggregate type (`host-risk`, `*`), wholly for
 * viewers, and wholly below operator when any event on the page is confidential. The diffs are computed
 * from the masked states, so a masked value never shows through what changed. Pure.
 */
import type { AggregateDetail, AggregateHistoryEvent } from '@/server/contracts/aggregates';
import type { Envelope } from '@/server/contracts/envelope';
import type { MaskInfo } from '@/server/contracts/masking';
import { applyPlan, maskPlan, type MaskRule } from './masking';
import type { Principal } from './principal';
import { stateChanges } from './state-changes';

/** What the history read returns (services/aggregate-history.ts), unmasked. */
export interface AggregateHistoryInput {
  type: string;
  aggregateId: string;
  topic: string;
  version: number;
  at: number;
  from: number;
  to: number;
  states: AggregateDetail['states'];
  statesNote: string | null;
  stateBefore?: unknown;
  events: { version: number; event: Envelope | null; entryId: string; stateAfter?: unknown }[];
}

export function presentAggregateHistory(
  caller: Pick<Principal, 'role'>,
  rules: readonly MaskRule[] | null,
  history: AggregateHistoryInput,
): AggregateDetail {
  const seen: MaskInfo[] = [];
  const confidential = history.events.some((e) => e.event?.sensitivity === 'confidential');
  const statePlan = maskPlan(caller.role, rules, history.type, confidential ? 'confidential' : null);
  const maskState = (state: unknown): unknown => {
    const out = applyPlan(statePlan, state);
    if (out.masked) seen.push(out.masked);
    return out.data;
  };
  const withStates = history.states !== 'unavailable';
  let previous = withStates ? maskState(history.stateBefore) : undefined;
  let stateAt: unknown;

  const events = history.events.map((e): AggregateHistoryEvent => {
    const envelope = e.event;
    const plan = maskPlan(caller.role, rules, envelope?.type, envelope?.sensitivity);
    const data = envelope && envelope.data !== undefined ? applyPlan(plan, envelope.data) : undefined;
    if (data?.masked) seen.push(data.masked);
    const row: AggregateHistoryEvent = {
      version: e.version,
      id: envelope?.id ?? e.entryId,
      type: envelope?.type ?? '(undecodable entry)',
      time: envelope?.time ?? null,
      source: envelope?.source ?? '',
      correlationId: envelope?.correlationid ?? null,
      ...(data === undefined ? {} : { data: data.data }),
      ...(data?.masked ? { masked: data.masked } : {}),
    };
    if (!withStates) return row;
    const after = maskState(e.stateAfter);
    const changes = stateChanges(previous, after);
    previous = after;
    if (e.version === history.at) stateAt = after;
    return { ...row, stateAfter: after, changes };
  });

  const masking = merge(seen);
  return {
    type: history.type,
    aggregateId: history.aggregateId,
    topic: history.topic,
    version: history.version,
    at: history.at,
    from: history.from,
    to: history.to,
    states: history.states,
    statesNote: history.statesNote,
    ...(withStates ? { state: stateAt } : {}),
    events,
    ...(masking ? { masking } : {}),
  };
}

/** One summary of what was masked: whole if anything was, and every path a rule hit. */
function merge(infos: readonly MaskInfo[]): MaskInfo | undefined {
  const first = infos[0];
  if (!first) return undefined;
  const whole = infos.find((info) => info.all);
  const paths = [...new Set(infos.flatMap((info) => info.paths))];
  return whole ? { ...whole, paths } : { all: false, reason: first.reason, paths };
}
