/**
 * The consumer group this deployment's recorders share. A Redis consumer group is shared work: every
 * recorder in it gets a part of each stream. Recorders writing into one database should split the
 * streams that way; two deployments with their own databases on one Redis must not, or each database
 * holds only part of every stream. So the group comes from the database (its `store_identity` row),
 * unless EVENTLENS_RECORDER_GROUP names one.
 */
import type { Db } from '@/db/client';
import { storeIdentity } from '@/db/schema';
import { DEFAULT_GROUP } from './options';

export interface RecorderGroup {
  name: string;
  /** Where the name came from: the environment, or the database's identity. */
  from: 'environment' | 'store';
  /** The database's tag, in its recorders' consumer names: another database's in the group is noticed. */
  storeTag?: string;
}

export async function recorderGroup(db: Db, configured: string | undefined): Promise<RecorderGroup> {
  const [identity] = await db
    .select({ id: storeIdentity.id, group: storeIdentity.recorderGroup })
    .from(storeIdentity)
    .limit(1);
  const storeTag = identity ? { storeTag: identity.id.slice(0, 8) } : {};
  if (configured) return { name: configured, from: 'environment', ...storeTag };
  // the migration writes the row; a database without it has been tampered with, and the old shared
  // name is what it recorded under before
  return { name: identity?.group ?? DEFAULT_GROUP, from: 'store', ...storeTag };
}
