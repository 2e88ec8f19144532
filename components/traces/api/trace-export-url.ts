/** GET /api/traces/{correlationId}/export: the whole trace as JSON, masked for the caller (a download). */
export function traceExportUrl(correlationId: string): string {
  return `/api/traces/${encodeURIComponent(correlationId)}/export`;
}
