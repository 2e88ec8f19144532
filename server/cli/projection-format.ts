/**
 * `eventlens projections` as text (pure): the list's rows and an action's outcome. `now` (the server's
 * `generatedAt`) is a parameter so the output is testable.
 */
import type { ProjectionActionResult, ProjectionSummary } from '@/server/contracts/projections';
import { duration, table, truncate } from './output';

function lastRebuild(row: ProjectionSummary, now: number): string {
  if (row.building) return `building g${row.building.generation}`;
  const swapped = row.lastRebuild?.swappedAt;
  return swapped ? `${duration(Math.max(0, now - Date.parse(swapped)))} ago` : '-';
}

const holders = (row: ProjectionSummary): string =>
  row.processes.length === 0
    ? '-'
    : row.processes.map((p) => `${p.service}@${p.host}:${p.pid}${p.holds.length > 0 ? '*' : ''}`).join(', ');

export function projectionRows(rows: readonly ProjectionSummary[], now: number): string[] {
  return table(
    ['NAME', 'STATUS', 'GEN', 'LAG', 'BEHIND', 'RATE/S', 'ERRORS', 'LAST REBUILD', 'PROCESSES (* holds)'],
    rows.map((row) => [
      row.name,
      row.status,
      String(row.active.generation),
      String(row.active.lag),
      row.active.lagMs === null ? '-' : duration(row.active.lagMs),
      String(Math.round(row.active.ratePerSec + (row.building?.ratePerSec ?? 0))),
      row.active.errors > 0 && row.active.lastError
        ? `${row.active.errors}: ${truncate(row.active.lastError, 50)}`
        : String(row.active.errors),
      lastRebuild(row, now),
      holders(row),
    ]),
  );
}

export function projectionActionLine(result: ProjectionActionResult): string {
  switch (result.action) {
    case 'rebuild':
      return `projection ${result.name}: rebuilding into generation ${result.building ?? '?'} (generation ${result.active} serves reads until the swap; audit #${result.auditId})`;
    case 'pause':
      return `projection ${result.name}: paused in every process (audit #${result.auditId})`;
    case 'resume':
      return `projection ${result.name}: resumed (audit #${result.auditId})`;
  }
}
