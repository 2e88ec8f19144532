/**
 * Everything a test store and a test Redis prefix hold, as comparable values: per table its row count
 * and a checksum of its rows; per key its type and length (and, for streams, each group's cursor and
 * pending count). Two equal snapshots mean nothing was written in between.
 */
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';

export interface TableState {
  rows: number;
  checksum: string;
}

/**
 * Every table and partition outside Postgres' own schemas. `ignore` names columns left out of the
 * checksum, per table (`{ api_tokens: ['last_used_at'] }`): bookkeeping a read writes by design.
 */
export async function tableStates(
  db: Db,
  ignore: Readonly<Record<string, readonly string[]>> = {},
): Promise<Record<string, TableState>> {
  const tables = await selectRows<{ schema: string; name: string }>(
    db,
    sql`select n.nspname as schema, c.relname as name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg_toast%'
        order by 1, 2`,
  );
  const states: Record<string, TableState> = {};
  for (const { schema, name } of tables) {
    const dropped = ignore[name] ?? [];
    const row = sql`(to_jsonb(t) ${sql.raw(dropped.map((c) => `- '${c.replace(/'/g, "''")}'`).join(' '))})::text`;
    const [state] = await selectRows<{ rows: number; checksum: string | null }>(
      db,
      sql`select count(*)::int as rows, md5(string_agg(${row}, E'\n' order by ${row})) as checksum
          from ${sql.identifier(schema)}.${sql.identifier(name)} t`,
    );
    states[`${schema}.${name}`] = { rows: state?.rows ?? 0, checksum: state?.checksum ?? '' };
  }
  return states;
}

const LENGTH: Record<string, string> = {
  stream: 'xlen',
  hash: 'hlen',
  list: 'llen',
  set: 'scard',
  zset: 'zcard',
  string: 'strlen',
};

/** Every key under `prefix:`, by name: its type, length, and for a stream its groups' positions. */
export async function redisState(redis: Redis, prefix: string): Promise<Record<string, string>> {
  const names: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    names.push(...found);
    cursor = next;
  } while (cursor !== '0');
  const state: Record<string, string> = {};
  for (const name of names.sort()) {
    const type = await redis.type(name);
    const command = LENGTH[type];
    const length = command ? String(await redis.call(command, name)) : '?';
    let groups = '';
    if (type === 'stream') {
      const infos = (await redis.xinfo('GROUPS', name)) as unknown[][];
      groups = infos
        .map((info) => {
          const fields = new Map<unknown, unknown>();
          for (let i = 0; i + 1 < info.length; i += 2) fields.set(info[i], info[i + 1]);
          return ['name', 'pending', 'last-delivered-id', 'entries-read']
            .map((f) => String(fields.get(f)))
            .join('/');
        })
        .join(',');
    }
    state[name] = `${type} ${length} ${groups}`.trim();
  }
  return state;
}
