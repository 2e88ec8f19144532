/**
 * Service names as people say them. The SDK publishes with the CloudEvents source `/services/<service>`
 * (server/bus/bus.ts) and reports deliveries under `<service>`: both are one service on every Traces
 * view. Any other source is shown as it is.
 */
const SDK_SOURCE = /^\/services\/([^/]+)$/;
export const UNKNOWN_SOURCE = '(unknown source)';

export function serviceOfSource(source: string | null): string {
  if (source === null) return UNKNOWN_SOURCE;
  return SDK_SOURCE.exec(source)?.[1] ?? source;
}

/** A trace's services (sources and consumers mixed), each once, sorted. */
export function serviceNames(services: readonly string[]): string[] {
  return [...new Set(services.map(serviceOfSource))].sort();
}

/** Per-service totals with the two spellings of one service added together, largest first. */
export function mergeServiceTotals<T extends { service: string; ms: number; hops: number }>(
  totals: readonly T[],
): { service: string; ms: number; hops: number }[] {
  const merged = new Map<string, { service: string; ms: number; hops: number }>();
  for (const total of totals) {
    const service = serviceOfSource(total.service);
    const entry = merged.get(service) ?? { service, ms: 0, hops: 0 };
    entry.ms += total.ms;
    entry.hops += total.hops;
    merged.set(service, entry);
  }
  return [...merged.values()].sort((a, b) => b.ms - a.ms);
}
