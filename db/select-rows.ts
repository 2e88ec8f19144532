import type { SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';

/**
 * Runs a raw SELECT and returns its rows on either driver (postgres.js answers an array, PGlite an
 * object with `rows`). Cast numeric results to float8 or int in SQL: both drivers then return numbers.
 */
export async function selectRows<T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}
