/**
 * Checks that a bulk-loaded store has exactly the schema its migrations make: the same tables,
 * columns, defaults, indexes, key constraints, triggers and extensions as a database migrated from
 * scratch, every index valid, and every partition of `events` carrying each of the parent's indexes.
 * Partitions themselves (created by maintenance, one per day) and `extra` tables are left out.
 */
import postgres from 'postgres';
import { createStore } from '@/db/client';
import { migrateStore } from '@/db/migrate';
import { createTestDatabase } from '@/db/testing/test-database';

async function describeSchema(url: string, extra: readonly string[]): Promise<Set<string>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const skip = [...extra];
    const rows = await sql.unsafe<{ line: string }[]>(
      `with t as (
         select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
           and c.relname <> all($1::text[]))
       select 'column ' || t.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || case when a.attnotnull then ' not null' else '' end
           || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
           || case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end as line
         from t join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
         left join pg_attrdef d on d.adrelid = t.oid and d.adnum = a.attnum
       union all
       select 'partitioned ' || t.relname || ' ' || pg_get_partkeydef(t.oid)
         from t where exists (select 1 from pg_partitioned_table p where p.partrelid = t.oid)
       union all
       select 'index ' || i.indexdef from pg_indexes i join t on t.relname = i.tablename
         where i.schemaname = 'public'
       union all
       select 'constraint ' || t.relname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid)
         from pg_constraint c join t on t.oid = c.conrelid
       union all
       select 'trigger ' || pg_get_triggerdef(g.oid) from pg_trigger g join t on t.oid = g.tgrelid
         where not g.tgisinternal
       union all
       select 'extension ' || extname from pg_extension
       union all
       select 'invalid index ' || indexrelid::regclass::text from pg_index where not indisvalid
       union all
       -- every partition of a partitioned table carries each of its parent's indexes
       select 'partition ' || inh.inhrelid::regclass::text || ' lacks ' || pi.indexrelid::regclass::text
         from pg_inherits inh join pg_index pi on pi.indrelid = inh.inhparent
         where not exists (
           select 1 from pg_inherits ii join pg_index ci on ci.indexrelid = ii.inhrelid
           where ii.inhparent = pi.indexrelid and ci.indrelid = inh.inhrelid)
       union all
       select 'migrations applied ' || count(*) from drizzle.__drizzle_migrations`,
      [skip],
    );
    return new Set(rows.map((r) => r.line));
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The differences between `url`'s schema and a freshly migrated one's (`-` missing, `+` extra); empty when equal. */
export async function schemaDifferences(url: string, extra: readonly string[] = []): Promise<string[]> {
  const reference = await createTestDatabase('bench_trace_ref');
  try {
    const store = await createStore({ url: reference.url, max: 1 });
    try {
      await migrateStore(store, reference.url);
    } finally {
      await store.close();
    }
    const [want, have] = await Promise.all([describeSchema(reference.url, []), describeSchema(url, extra)]);
    return [
      ...[...want].filter((line) => !have.has(line)).map((line) => `- ${line}`),
      ...[...have].filter((line) => !want.has(line)).map((line) => `+ ${line}`),
    ];
  } finally {
    await reference.drop();
  }
}
