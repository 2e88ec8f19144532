/**
 * Traces leave the server here: each row's payload preview masked for the caller exactly as the
 * events list masks it (one plan per type and sensitivity). Pure: the rules come in as an argument.
 */
import type { TraceDetail, TraceNode } from '@/server/contracts/traces';
import { maskPlan, type MaskPlan, type MaskRule } from './masking';
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
