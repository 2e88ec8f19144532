import { and, desc, eq, gte, ilike, inArray, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { encodeAuditCursor, type AuditPage, type AuditQuery } from '@/server/contracts/audit';

/** `%` and `_` in the user's text match themselves. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The audit log, newest first, filtered and keyset-paginated on the (ever-growing) id. */
export async function searchAudit(db: Db, query: AuditQuery): Promise<AuditPage> {
  const where: SQL[] = [];
  if (query.actor !== undefined) {
    where.push(
      or(eq(auditLog.actorId, query.actor), ilike(auditLog.actorName, `%${escapeLike(query.actor)}%`))!,
    );
  }
  if (query.action) {
    const exact = query.action.filter((action) => !action.endsWith('*'));
    const prefixes = query.action.filter((action) => action.endsWith('*'));
    where.push(
      or(
        ...(exact.length > 0 ? [inArray(auditLog.action, exact)] : []),
        ...prefixes.map((prefix) => like(auditLog.action, `${escapeLike(prefix.slice(0, -1))}%`)),
      )!,
    );
  }
  if (query.result) where.push(inArray(auditLog.result, query.result));
  if (query.from) where.push(gte(auditLog.at, query.from));
  if (query.to) where.push(lte(auditLog.at, query.to));
  if (query.text !== undefined) {
    const pattern = `%${escapeLike(query.text)}%`;
    where.push(
      or(
        ilike(auditLog.action, pattern),
        ilike(auditLog.actorName, pattern),
        ilike(auditLog.detail, pattern),
        sql`array_to_string(${auditLog.targets}, ' ') ilike ${pattern}`,
        sql`${auditLog.parameters}::text ilike ${pattern}`,
      )!,
    );
  }
  if (query.cursor !== undefined) where.push(lt(auditLog.id, query.cursor));
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...row, at: row.at.toISOString() })),
    nextCursor: rows.length > query.limit && last ? encodeAuditCursor(last.id) : null,
  };
}
