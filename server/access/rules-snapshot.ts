import type { MaskRule } from './masking';

/**
 * The masking rules last loaded from the store, for the synchronous socket presenter
 * (presentLiveEvent). Kept on globalThis: Next's route bundles and server/main.ts load their own
 * copies of this module in one process, and a rule added through the API must reach the live relay.
 * Null until the first load, or when the last load is stale: the presenter then masks everything
 * below admin (fail closed).
 */
const KEY = Symbol.for('eventlens.maskingRules');
type Holder = { [KEY]?: { rules: readonly MaskRule[]; at: number } };

export function setMaskingRules(rules: readonly MaskRule[], at = Date.now()): void {
  (globalThis as Holder)[KEY] = { rules, at };
}

/** Rules older than this are not trusted: a rule added since may be missing (fail closed). */
export const RULES_STALE_MS = 30_000;

/** The loaded rules, or null when none were loaded or the last load is older than RULES_STALE_MS. */
export function currentMaskingRules(now = Date.now()): readonly MaskRule[] | null {
  const held = (globalThis as Holder)[KEY];
  return held && now - held.at <= RULES_STALE_MS ? held.rules : null;
}

/** When the snapshot was loaded (ms since the epoch), or null. */
export function maskingRulesLoadedAt(): number | null {
  return (globalThis as Holder)[KEY]?.at ?? null;
}

/** Forgets the snapshot (tests). */
export function clearMaskingRules(): void {
  delete (globalThis as Holder)[KEY];
}
