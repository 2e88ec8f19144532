/**
 * Traces leave the server here: each row's payload preview masked for the caller exactly as the
 * events list masks it (one plan per type and sensitivity), and an export's whole payloads masked as
 * a payload download masks them. Pure: the rules come in as an argument.
 */
import type { MaskInfo } from '@/server/contracts/masking';
import type { TraceExportEvent } from '@/server/contracts/trace-export';
import type { TraceDetail, TraceNode } from '@/server/contracts/traces';
import { applyPlan, maskPlan, wholeOrNothing, type MaskPlan, type MaskRule } from './masking';
import type { Principal } from './principal';
import { presentListPreview } from './present-event';

type Rules = readonly MaskRule[] | null;
type Caller = Pick<Principal, 'role'>;

/** One plan per type and sensitivity: a trace holds few of either. */
export function planCache(caller: Caller, rules: Rules) {
  const plans = new Map<string, MaskPlan>();
  return (type: string, sensitivity: string | null): MaskPlan => {
    const key = `${type}\u0000${sensitivity ?? ''}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = maskPlan(caller.role, rules, type, sensitivity)));
    return plan;
  };
}

export function presentTraceDetail(caller: Caller, rules: Rules, detail: TraceDetail): TraceDetail {
  const planOf = planCache(caller, rules);
  const present = (node: TraceNode): TraceNode => {
    if (node.preview === null || node.type === null) return node;
    const out = presentListPreview(planOf(node.type, node.sensitivity), node.preview, node.previewTruncated);
    if (!out.masked) return node;
    return { ...node, preview: out.text, previewTruncated: out.truncated, masked: out.masked };
  };
  return { ...detail, nodes: detail.nodes.map(present) };
}

/** One stored event of an export: its payloads as JSON text as stored (null: absent or left out). */
export interface StoredExportEvent extends Omit<
  TraceExportEvent,
  'data' | 'rawFields' | 'masked' | 'omitted'
> {
  dataText: string | null;
  dataBytes: number | null;
  rawText: string | null;
  rawBytes: number | null;
}

/**
 * A payload's JSON text masked by the plan: unparsed when nothing applies (it leaves as stored), else
 * parsed and masked; text that does not parse is masked whole.
 */
function maskText(plan: MaskPlan, text: string): { json: string; masked?: MaskInfo } {
  if (plan.kind === 'none') return { json: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { json: JSON.stringify('***'), masked: { all: true, reason: 'unparsable', paths: [] } };
  }
  const out = applyPlan(plan, parsed);
  return out.masked ? { json: JSON.stringify(out.data), masked: out.masked } : { json: text };
}

/**
 * One exported event as JSON text, payloads masked for the caller: `data` by path, raw fields whole or
 * not at all (as the event detail does). Payloads too large to include are named in `omitted`.
 */
export function presentExportEvent(
  planOf: (type: string, sensitivity: string | null) => MaskPlan,
  event: StoredExportEvent,
): string {
  const { dataText, dataBytes, rawText, rawBytes, ...envelope } = event;
  const plan = planOf(event.type, event.sensitivity);
  const data = dataText === null ? null : maskText(plan, dataText);
  const raw = rawText === null ? null : maskText(wholeOrNothing(plan), rawText);
  const omitted: NonNullable<TraceExportEvent['omitted']> = [];
  if (dataText === null && dataBytes !== null) omitted.push({ part: 'data', sizeBytes: dataBytes });
  if (rawText === null && rawBytes !== null) omitted.push({ part: 'rawFields', sizeBytes: rawBytes });
  const masked = data?.masked ?? raw?.masked;
  const rest: Omit<TraceExportEvent, 'data' | 'rawFields'> = {
    ...envelope,
    ...(masked ? { masked } : {}),
    ...(omitted.length > 0 ? { omitted } : {}),
  };
  // the payloads are spliced in as text: a payload that needed no masking is never parsed
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)},"data":${data?.json ?? 'null'},"rawFields":${raw?.json ?? 'null'}}`;
}
