/**
 * The lag model of every group the CLI lists: the one model (server/lag through server/queries), judged
 * against the lag the recorder sampled into DATABASE_URL, as the console does. Without DATABASE_URL,
 * or when the store does not answer, the model sees the lag now alone and the CLI says so on stderr.
 */
import type { LagModel } from '@/server/contracts/lag';
import type { TopicInfo } from '@/server/contracts/bus-state';
import { messageOf } from './errors';
import { readLagModels, type GroupLagReading } from '@/server/queries/lag-models';
import { err } from './output';

export async function groupLagModels(
  infos: readonly TopicInfo[],
  databaseUrl: string | undefined,
  now = new Date(),
): Promise<Map<string, LagModel>> {
  const readings: GroupLagReading[] = infos.flatMap((info) =>
    info.groups.map((group) => ({
      topic: info.topic,
      group: group.name,
      lag: group.lag,
      oldestPendingId: group.oldestPendingId,
    })),
  );
  if (readings.length === 0) return new Map();
  if (!databaseUrl) {
    err('DATABASE_URL is not set: verdicts judge the lag now alone, without the recorded history');
    return readLagModels(null, readings, now);
  }
  // loaded here, not at the top: the store's drivers (PGlite among them) would slow every command's start
  const { createStore } = await import('@/db/client');
  const store = await createStore({ url: databaseUrl, max: 2 });
  try {
    return await readLagModels(store.db, readings, now);
  } catch (error) {
    err(`the store did not answer (${messageOf(error)}): verdicts judge the lag now alone`);
    return readLagModels(null, readings, now);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** "≈ 4m05s" while the model says the lag drains, else "-". */
export function clearsIn(model: LagModel | undefined, duration: (ms: number) => string): string {
  if (!model?.clear || model.state !== 'draining') return '-';
  return `≈ ${duration(model.clear.seconds * 1_000)}`;
}
