import { hostname } from 'node:os';
import type { Db } from '@/db/client';
import { instances } from '@/db/schema';

export interface InstanceInfo {
  id: string;
  role: 'server' | 'recorder';
  host: string;
  pid: number;
  version: string;
  startedAt: Date;
}

export function describeInstance(role: InstanceInfo['role'], version: string): InstanceInfo {
  const host = hostname();
  return {
    id: `${role}:${host}:${process.pid}`,
    role,
    host,
    pid: process.pid,
    version,
    startedAt: new Date(),
  };
}

/** Registers or refreshes this process's row; doubles as the store's write check. */
export async function touchInstance(db: Db, instance: InstanceInfo): Promise<void> {
  const seenAt = new Date();
  await db
    .insert(instances)
    .values({ ...instance, seenAt })
    .onConflictDoUpdate({ target: instances.id, set: { seenAt } });
}
