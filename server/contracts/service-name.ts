/**
 * The service behind a CloudEvents source: `/services/<name>` (the SDK's default) -> name, else the
 * source. Shared by the recorder (service nodes) and traces (publishers and consumers named alike).
 */
export function serviceOf(source: string): string {
  const match = /^\/services\/([^/]+)$/.exec(source);
  return match ? match[1]! : source;
}

/** serviceOf in SQL over a source column, for statements that aggregate services in the store. */
export const SERVICE_OF_SQL = (column: string): string =>
  `(case when ${column} ~ '^/services/[^/]+$' then substr(${column}, 11) else ${column} end)`;
