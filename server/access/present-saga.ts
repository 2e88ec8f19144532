/**
 * Saga timelines leave the server here: the input and every step's or compensation's payload masked
 * for the caller. An orchestrated saga's payloads travelled inside lifecycle events (`data.payload`),
 * so they are masked as that event's data would be (a rule on `saga.started` with path
 * `$.payload.card` hides the input's card here and in the events list alike); a choreography's
 * payloads are its events' data, masked by those events' rules. Pure: the rules come in as an argument.
 */
import type { MaskInfo } from '@/server/contracts/masking';
import type { SagaDetail, SagaPhase } from '@/server/contracts/sagas';
import { applyPlan, type MaskRule } from './masking';
import type { Principal } from './principal';
import { planCache } from './present-trace';

/** The event type whose rules apply to each payload of a detail, in the detail's order. */
export interface SagaPayloadTypes {
  input: string | null;
  steps: { step: string | null; compensation: string | null }[];
}

export function presentSagaDetail(
  caller: Pick<Principal, 'role'>,
  rules: readonly MaskRule[] | null,
  detail: SagaDetail,
  types: SagaPayloadTypes,
): SagaDetail {
  const planOf = planCache(caller, rules);
  const wrapped = detail.summary.kind === 'orchestrated';
  const seen: MaskInfo[] = [];

  const mask = (value: unknown, type: string | null): unknown => {
    if (value === undefined) return undefined;
    const plan = planOf(type ?? '', null);
    const out = applyPlan(plan, wrapped ? { payload: value } : value);
    if (!out.masked) return value;
    seen.push(out.masked);
    return wrapped ? (out.data as { payload: unknown }).payload : out.data;
  };
  const phase = (p: SagaPhase, type: string | null): SagaPhase =>
    p.payload === undefined ? p : { ...p, payload: mask(p.payload, type) };

  const input = mask(detail.input, types.input);
  const steps = detail.steps.map((s, i) => ({
    ...s,
    step: phase(s.step, types.steps[i]?.step ?? null),
    compensation: s.compensation && phase(s.compensation, types.steps[i]?.compensation ?? null),
  }));
  const masking = merge(seen);
  return {
    ...detail,
    ...(input === undefined ? {} : { input }),
    steps,
    ...(masking ? { masking } : {}),
  };
}

/** One summary of what was masked: whole if any payload was, and every path a rule hit. */
function merge(infos: readonly MaskInfo[]): MaskInfo | undefined {
  const first = infos[0];
  if (!first) return undefined;
  const whole = infos.find((info) => info.all);
  const paths = [...new Set(infos.flatMap((info) => info.paths))];
  return whole ? { ...whole, paths } : { all: false, reason: first.reason, paths };
}
