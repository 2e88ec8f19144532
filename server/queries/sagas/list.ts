/**
 * The saga list: filtered by SagaListQuery, newest activity first, keyset-paginated on (updated_at,
 * saga id) so that pages neither repeat nor skip instances while the recorder updates others. `from`
 * and `to` bound the instance's last activity.
 */
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sagaInstances } from '@/db/schema';
import type { SagaListQuery, SagaPage } from '@/server/contracts/sagas';
import { InvalidCursorError } from '../errors';
import { sagaCursor } from './cursor';
import { summaryColumns, toSagaSummary } from './summary';

/** updated_at at full (microsecond) precision, for cursors. */
const exactUpdatedAt = sql<string>`to_char(${sagaInstances.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listSagas(db: Db, query: SagaListQuery): Promise<SagaPage> {
  const conditions: SQL[] = [];
  if (query.definition !== undefined) conditions.push(definitionCondition(query.definition));
  if (query.status !== undefined) conditions.push(inArray(sagaInstances.status, query.status));
  if (query.stuck === 'true') conditions.push(eq(sagaInstances.status, 'stuck'));
  if (query.correlationId !== undefined)
    conditions.push(eq(sagaInstances.correlationId, query.correlationId));
  if (query.from !== undefined) conditions.push(gte(sagaInstances.updatedAt, query.from));
  if (query.to !== undefined) conditions.push(lt(sagaInstances.updatedAt, query.to));
  if (query.cursor !== undefined) {
    const cursor = sagaCursor.decode(query.cursor);
    if (!cursor) throw new InvalidCursorError();
    conditions.push(
      sql`(${sagaInstances.updatedAt}, ${sagaInstances.sagaId}) < (${cursor.time}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await db
    .select({ ...summaryColumns, cursorAt: exactUpdatedAt })
    .from(sagaInstances)
    .where(and(...conditions))
    .orderBy(desc(sagaInstances.updatedAt), desc(sagaInstances.sagaId))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toSagaSummary),
    nextCursor:
      rows.length > query.limit && last ? sagaCursor.encode({ time: last.cursorAt, id: last.sagaId }) : null,
  };
}

/** `name` matches every version; `name@version` one (a name may itself contain `@`: the last one splits). */
function definitionCondition(definition: string): SQL {
  const at = definition.lastIndexOf('@');
  const version = at > 0 ? definition.slice(at + 1) : '';
  if (/^[1-9]\d{0,8}$/.test(version)) {
    const name = definition.slice(0, at);
    return sql`((${sagaInstances.definitionName} = ${name} and ${sagaInstances.definitionVersion} = ${Number(version)}) or ${sagaInstances.definitionName} = ${definition})`;
  }
  return eq(sagaInstances.definitionName, definition);
}
