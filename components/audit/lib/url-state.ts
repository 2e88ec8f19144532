/** The Audit page's filters, as its URL holds them (shareable, Back-friendly). */
export interface AuditFilters {
  actor: string;
  action: string;
  result: string;
  from: string;
  to: string;
  text: string;
}

export const AUDIT_FILTER_NAMES = ['actor', 'action', 'result', 'from', 'to', 'text'] as const;

export function parseAuditUrl(params: URLSearchParams): AuditFilters {
  const read = (name: string) => params.get(name)?.trim() ?? '';
  return {
    actor: read('actor'),
    action: read('action'),
    result: read('result'),
    from: read('from'),
    to: read('to'),
    text: read('text'),
  };
}

/** The filters as query parameters: empty ones are left out (the API refuses empty values). */
export function auditParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of AUDIT_FILTER_NAMES) if (filters[name]) params.set(name, filters[name]);
  return params;
}

export function auditHref(filters: AuditFilters, pathname: string): string {
  const search = auditParams(filters).toString();
  return search ? `${pathname}?${search}` : pathname;
}
