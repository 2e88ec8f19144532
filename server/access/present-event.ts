/**
 * The one exit for event payloads: every REST response and socket frame that carries `data`, raw
 * fields or a preview of them passes through here, masked for the principal (rules: masking.ts).
 * Pure: the rules come in as an argument, or from the loaded snapshot for socket frames.
 */
import {
  LIST_PREVIEW_BYTES,
  type EventDetail,
  type EventListItem,
  type EventPage,
  type EventSearch,
} from '@/server/contracts/events';
import type { LiveEvent } from '@/server/contracts/live';
import { cutToBudget, type PayloadPreview } from '@/server/contracts/payload';
import {
  conditionRefusal,
  maskPlan,
  maskPreviewText,
  wholeOrNothing,
  applyPlan,
  type MaskPlan,
  type MaskRule,
} from './masking';
import type { Principal } from './principal';
import { atLeast } from './roles';
import { currentMaskingRules } from './rules-snapshot';

type Rules = readonly MaskRule[] | null;
type Caller = Pick<Principal, 'role'>;

/**
 * Masks a preview. `***` can be longer than the value it replaces (`1`), so a masked text is cut again
 * to the larger of the preview's budget and its own size: the cap on the wire holds.
 */
function previewFor(plan: MaskPlan, text: string, truncated: boolean, budget: number) {
  const out = maskPreviewText(plan, text, truncated);
  if (!out.masked) return { text, truncated, masked: undefined };
  const cut = cutToBudget(out.data, Math.max(budget, Buffer.byteLength(text)));
  return { text: cut, truncated: cut.length < out.data.length, masked: out.masked };
}

export function presentPreview(
  plan: MaskPlan,
  preview: PayloadPreview | null,
  budget: number,
): PayloadPreview | null {
  if (!preview) return null;
  const out = previewFor(plan, preview.text, preview.truncated, budget);
  if (!out.masked) return preview;
  return { text: out.text, sizeBytes: preview.sizeBytes, truncated: out.truncated, masked: out.masked };
}

/** One list row (events list, a detail's cause and caused events). */
export function presentListItem(caller: Caller, rules: Rules, item: EventListItem): EventListItem {
  return presentListItemWith(maskPlan(caller.role, rules, item.type, item.sensitivity), item);
}

/** A list-sized preview (events list, trace rows) masked by the plan; `masked` is undefined when nothing was. */
export function presentListPreview(plan: MaskPlan, text: string, truncated: boolean) {
  return previewFor(plan, text, truncated, LIST_PREVIEW_BYTES);
}

function presentListItemWith(plan: MaskPlan, item: EventListItem): EventListItem {
  if (item.preview === null) return item;
  const out = previewFor(plan, item.preview, item.previewTruncated, LIST_PREVIEW_BYTES);
  if (!out.masked) return item;
  return { ...item, preview: out.text, previewTruncated: out.truncated, masked: out.masked };
}

export function presentEventPage(caller: Caller, rules: Rules, page: EventPage): EventPage {
  const plans = new Map<string, MaskPlan>();
  // a page holds few types: one plan per type and sensitivity, not one per row
  const planOf = (item: EventListItem): MaskPlan => {
    const key = `${item.type}\u0000${item.sensitivity ?? ''}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = maskPlan(caller.role, rules, item.type, item.sensitivity)));
    return plan;
  };
  return { ...page, items: page.items.map((item) => presentListItemWith(planOf(item), item)) };
}

/**
 * `GET /api/events/{id}`: data preview by path, raw fields whole-or-nothing, linked rows as list rows.
 * `previewBytes` is the detail's preview budget (EVENTLENS_PAYLOAD_PREVIEW_BYTES).
 */
export function presentEventDetail(
  caller: Caller,
  rules: Rules,
  detail: EventDetail,
  previewBytes: number,
): EventDetail {
  const plan = maskPlan(caller.role, rules, detail.type, detail.sensitivity);
  return {
    ...detail,
    data: presentPreview(plan, detail.data, previewBytes),
    rawFields: presentPreview(wholeOrNothing(plan), detail.rawFields, previewBytes),
    cause: detail.cause ? presentListItem(caller, rules, detail.cause) : null,
    caused: detail.caused.map((item) => presentListItem(caller, rules, item)),
  };
}

/**
 * How `GET /api/events/{id}/payload` may send a part: streamed as stored when nothing applies, else
 * parsed and masked (within a cap; the route refuses larger ones).
 */
export function payloadDownloadPlan(
  caller: Caller,
  rules: Rules,
  event: { type: string; sensitivity: string | null },
  part: 'data' | 'rawFields',
): MaskPlan {
  const plan = maskPlan(caller.role, rules, event.type, event.sensitivity);
  return part === 'data' ? plan : wholeOrNothing(plan);
}

/** A whole payload's text masked by the plan; text that does not parse is masked whole. */
export function maskPayloadText(plan: MaskPlan, text: string): { text: string; masked: boolean } {
  if (plan.kind === 'none') return { text, masked: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { text: JSON.stringify('***'), masked: true };
  }
  const out = applyPlan(plan, parsed);
  return out.masked ? { text: JSON.stringify(out.data), masked: true } : { text, masked: false };
}

/**
 * A live tail event for one socket's principal (the socket layer calls this per client frame).
 * Rules come from the snapshot services/masking.ts keeps loaded; before the first load every preview
 * is masked below admin. Foreign entries' previews are their raw fields: masked whole when any rule
 * applies.
 */
export function presentLiveEvent<E extends LiveEvent>(
  principal: Caller,
  event: E,
  rules: Rules = currentMaskingRules(),
): E {
  const plan = maskPlan(principal.role, rules, event.type, event.sensitivity);
  const effective = event.foreign !== undefined ? wholeOrNothing(plan) : plan;
  const out = previewFor(effective, event.preview, event.truncated, LIST_PREVIEW_BYTES);
  if (!out.masked) return event;
  return { ...event, preview: out.text, truncated: out.truncated, masked: out.masked };
}

/** Why this caller may not run this search (403), or null; and what the query must leave out. */
export function searchPolicy(
  caller: Caller,
  rules: Rules,
  search: EventSearch,
): { refusal: string | null; conditionsSkipConfidential: boolean } {
  return {
    refusal: conditionRefusal(caller.role, rules, search.conditions, search.types),
    conditionsSkipConfidential: !atLeast(caller.role, 'operator'),
  };
}

/**
 * Whether a live tail's `text` filter may search this principal's payloads (it matches the raw entry,
 * payload included). Per principal, so conservative: admins always; operators when no rule hides
 * anything from them; never analysts (confidential events) or viewers. A refused text filter is a
 * FORBIDDEN answer to `tail:subscribe`, naming why.
 */
export function maySearchPayload(principal: Caller, rules: Rules = currentMaskingRules()): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'operator' || rules === null) return false;
  return rules.every((rule) => atLeast(principal.role, rule.revealTo));
}

/** What the live layer is handed (server/live/handlers.ts' LivePresenter): one object, one exit. */
export const livePresenter = {
  event: <E extends LiveEvent>(principal: Caller, event: E): E => presentLiveEvent(principal, event),
  maySearchPayload: (principal: Caller): boolean => maySearchPayload(principal),
};
