import { PRESENCE_STALE_MS, type ProcessorPresence } from '@/server/contracts/bus-state';
import type { ProcessorSummary } from '@/server/contracts/rules';

/**
 * Processors by name from their processes' heartbeats: rates and errors summed over the live ones;
 * counters (shared in Redis by every process) and the description from the freshest beat. A processor
 * whose processes all went silent stays listed with 0 processes until its heartbeats are removed.
 */
export function summariseProcessors(
  presences: readonly ProcessorPresence[],
  nowMs = Date.now(),
): ProcessorSummary[] {
  const byName = new Map<string, ProcessorPresence[]>();
  for (const p of presences) {
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }
  const out: ProcessorSummary[] = [];
  for (const [name, beats] of byName) {
    const latest = beats.reduce((a, b) => (b.lastSeen > a.lastSeen ? b : a));
    const fresh = beats.filter((b) => nowMs - b.lastSeen < PRESENCE_STALE_MS);
    out.push({
      name,
      kind: latest.kind,
      group: latest.group,
      topics: [...new Set(beats.flatMap((b) => b.topics))].sort(),
      output: latest.output,
      outputType: latest.outputType ?? null,
      rule: latest.rule ? { count: latest.rule.count ?? null, withinMs: latest.rule.withinMs } : null,
      description: latest.description ?? beats.find((b) => b.description)?.description ?? null,
      services: [...new Set(beats.map((b) => b.service))].sort(),
      processes: fresh.length,
      ratePerSec: Math.round(fresh.reduce((sum, b) => sum + b.ratePerSec, 0) * 100) / 100,
      lag: latest.lag,
      errors: fresh.reduce((sum, b) => sum + b.errors, 0),
      applied: latest.applied,
      emitted: latest.emitted,
      fired: latest.fired,
      matched: latest.matched,
      lastSeenAt: new Date(latest.lastSeen).toISOString(),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
