/**
 * The exit for a dead letter's payload parts: its decoded `data` preview is masked like an event's
 * (by path, for the caller's role, the event's type and sensitivity), its raw fields whole-or-nothing
 * (they hold the whole entry, data included, where rule paths cannot be located).
 */
import type { DeadLetterDetail } from '@/server/contracts/dead-letter-list';
import { MASKED_VALUE, type MaskInfo } from '@/server/contracts/masking';
import { maskPlan, wholeOrNothing, type MaskRule } from './masking';
import { presentPreview } from './present-event';
import type { Principal } from './principal';

export function presentDeadLetterDetail(
  caller: Pick<Principal, 'role'>,
  rules: readonly MaskRule[] | null,
  detail: DeadLetterDetail,
  previewBytes: number,
): DeadLetterDetail {
  const plan = maskPlan(caller.role, rules, detail.eventType, detail.sensitivity);
  if (plan.kind === 'none') return detail;
  const data = presentPreview(plan, detail.data, previewBytes);
  const rawPlan = wholeOrNothing(plan);
  const rawMasked = rawPlan.kind !== 'none' && Object.keys(detail.raw).length > 0;
  const raw = rawMasked
    ? Object.fromEntries(Object.keys(detail.raw).map((key) => [key, MASKED_VALUE]))
    : detail.raw;
  const masked: MaskInfo | undefined =
    data?.masked ??
    (rawMasked && rawPlan.kind === 'all' ? { all: true, reason: rawPlan.reason, paths: [] } : undefined);
  return { ...detail, data, raw, ...(masked ? { masked } : {}) };
}
