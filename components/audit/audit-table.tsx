import { Badge } from '@/components/ui/badge';
import type { Tone } from '@/components/ui/tone';
import { formatDateTime } from '@/components/lib/format/time';
import type { AuditRow } from '@/server/contracts/audit';
import styles from './audit.module.css';

const TONE: Record<string, Tone> = { ok: 'ok', completed: 'ok', denied: 'degraded', failed: 'failing' };

/** The detail column: the row's own detail, else its parameters in short (already masked when written). */
function detailOf(row: AuditRow): string {
  if (row.detail) return row.detail;
  const parameters = Object.entries(row.parameters);
  if (parameters.length === 0) return '';
  return parameters
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** Audit rows, newest first: who did or tried what, on what, and how it ended. */
export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Role</th>
            <th scope="col">Action</th>
            <th scope="col">Targets</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className={styles.nowrap}>
                <time dateTime={row.at}>{formatDateTime(row.at)}</time>
              </td>
              <td title={row.actorId ?? undefined}>
                {row.actorName ?? row.actorKind}
                {row.actorKind !== 'user' && row.actorName ? (
                  <span className={styles.kind}> ({row.actorKind})</span>
                ) : null}
              </td>
              <td>{row.actorRole ?? ''}</td>
              <td>
                <code>{row.action}</code>
              </td>
              <td className={styles.targets}>{row.targets.join(', ')}</td>
              <td>
                <Badge tone={TONE[row.result] ?? 'neutral'}>{row.result}</Badge>
              </td>
              <td className={styles.detail}>
                {detailOf(row)}
                {row.ip ? <span className={styles.kind}> · {row.ip}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
