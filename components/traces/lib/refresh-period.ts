/**
 * How often an open trace in progress is refreshed. A refresh refetches every loaded page, and each
 * page costs the server the whole trace's tree: a large trace refreshed as often as a small one kept
 * the server busy for everyone else. The period grows with the trace: one `baseMs` per 1,000 rows.
 */
export function refreshPeriodMs(baseMs: number, totalNodes: number): number {
  return baseMs * Math.max(1, Math.ceil(totalNodes / 1_000));
}
