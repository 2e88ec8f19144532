/**
 * Bulk loads as pg_restore does them: a table's indexes and key constraints are read back from the
 * catalog, dropped before the rows go in and built again from their own definitions after them (one
 * sorted build per index instead of millions of random insertions each). Shared by bench:api and
 * bench:trace.
 */
import type postgres from 'postgres';

export interface IndexDef {
  table: string;
  name: string;
  /** The statement that makes it again: CREATE INDEX …, or ALTER TABLE … ADD CONSTRAINT … */
  create: string;
  drop: string;
}

/** The tables' indexes and key constraints as the migrations made them, read back from the catalog. */
export async function indexesOf(sql: postgres.Sql, tables: readonly string[]): Promise<IndexDef[]> {
  const constraints = await sql.unsafe<{ table: string; name: string; def: string }[]>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
     from pg_constraint where conrelid::regclass::text = any($1::text[]) and contype in ('p', 'u')`,
    [tables],
  );
  const owned = new Set(constraints.map((c) => c.name));
  const indexes = await sql.unsafe<{ table: string; name: string; def: string }[]>(
    `select tablename as table, indexname as name, indexdef as def from pg_indexes
     where schemaname = current_schema() and tablename = any($1::text[])`,
    [tables],
  );
  return [
    ...constraints.map((c) => ({
      table: c.table,
      name: c.name,
      create: `alter table ${c.table} add constraint "${c.name}" ${c.def}`,
      drop: `alter table ${c.table} drop constraint "${c.name}"`,
    })),
    ...indexes
      .filter((i) => !owned.has(i.name))
      // the catalog writes a partitioned table's index `ON ONLY` (the parent alone, left invalid); the
      // partitions' indexes are wanted too
      .map((i) => ({
        table: i.table,
        name: i.name,
        create: i.def.replace(' ON ONLY ', ' ON '),
        drop: `drop index "${i.name}"`,
      })),
  ];
}
