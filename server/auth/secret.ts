import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { serverSecrets } from '@/db/schema';

const NAME = 'auth';

/**
 * The secret that signs session cookies: EVENTLENS_AUTH_SECRET when set, else one generated on the
 * first start and kept in the store, so that every server on one store signs alike and restarts keep
 * sessions. The first writer wins a race between servers starting together.
 */
export async function authSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insert(serverSecrets)
    .values({ name: NAME, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(serverSecrets).where(eq(serverSecrets.name, NAME));
  if (!row) throw new Error('the auth secret could not be stored');
  return row.value;
}
