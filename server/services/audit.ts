import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { presentAuditParameters } from '@/server/access/present-audit';

export type AuditResult = 'ok' | 'denied' | 'failed' | 'started' | 'completed';

/** The server acting on its own configuration (the first admin from the env, demo mode's account). */
export interface SystemActor {
  kind: 'system';
  /** What made it act: `EVENTLENS_ADMIN_EMAIL`, `demo mode`, `setup link`. */
  name: string;
}

export interface AuditEntry {
  /** The caller; null for an unauthenticated attempt. */
  actor: Principal | SystemActor | null;
  /** `dlq.replay`, `token.create`, `user.role.set`, `route.denied`, … */
  action: string;
  targets?: readonly string[];
  parameters?: Record<string, unknown>;
  result: AuditResult;
  detail?: string;
  /** The row this one reports the outcome of. */
  follows?: number;
  ip?: string | null;
}

/** The transaction or database a command writes its effect with: the audit row goes in the same one. */
type Writer = Pick<Db, 'insert'>;

/** Appends one audit row (parameters through the presenter) and returns its id. */
export async function recordAudit(db: Writer, entry: AuditEntry): Promise<number> {
  const [row] = await db
    .insert(auditLog)
    .values({
      actorKind: entry.actor?.kind ?? 'anonymous',
      actorId: entry.actor?.kind === 'system' ? null : (entry.actor?.userId ?? null),
      actorName: entry.actor?.name ?? null,
      actorRole: entry.actor?.kind === 'system' ? null : (entry.actor?.role ?? null),
      action: entry.action,
      targets: [...(entry.targets ?? [])],
      parameters: presentAuditParameters(entry.parameters ?? {}),
      result: entry.result,
      detail: entry.detail ?? null,
      follows: entry.follows ?? null,
      ip: entry.ip ?? null,
    })
    .returning({ id: auditLog.id });
  if (!row) throw new Error('the audit row was not written');
  return row.id;
}
