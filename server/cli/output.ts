/** Writing to stdout/stderr and formatting: tables, previews, durations. No colours, no dependencies. */

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function err(line: string): void {
  process.stderr.write(`eventlens: ${line}\n`);
}

/** One JSON document per line (NDJSON). */
export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** `text` cut to `max` characters (an ellipsis marks the cut), on one line. */
export function truncate(text: string, max: number): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}

/** A value as compact JSON, cut to `max` characters. */
export function preview(value: unknown, max: number): string {
  if (value === undefined) return '-';
  return truncate(typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? '-'), max);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** 850ms, 12.3s, 4m05s, 2h03m, 3d04h. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const s = Math.floor(ms / 1_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 3_600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h${pad(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d${pad(Math.floor(s / 3_600) % 24)}h`;
}

/** ISO time of a millisecond timestamp, or '-' when unknown. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : '-';
}
