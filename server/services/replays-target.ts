/**
 * Where a replayed letter goes, behind one function: back to its own topic (every group sees it again),
 * to another topic, or (with the SDK's per-group redelivery) to the one group that failed. Each path is
 * the SDK's atomic replay script: the dead letter is removed in the same step as the append, so a
 * letter is replayed at most once whoever tries.
 */
import type { Redis } from 'ioredis';
import { DeadLetters, splitDeadLetterId } from '@/server/bus/dead-letters';
import { DeadLetterNotFoundError } from '@/server/bus/errors';
import type { Keys } from '@/server/bus/keys';
import { registerScripts } from '@/server/bus/scripts';
import type { ReplayTarget } from '@/server/contracts/replays';
import { ReplayInputError } from './replay-errors';

/** Refuses targets this build cannot deliver to, before a job is made. */
export function assertTargetSupported(target: ReplayTarget | undefined): void {
  if (target?.group) {
    throw new ReplayInputError(
      'target.group',
      'replay to one consumer group is not available yet (needs the SDK per-group redelivery)',
    );
  }
}

/** Replays one letter; returns the new entry id, or null when the dead letter is gone (replayed or discarded elsewhere). */
export async function replayToTarget(
  redis: Redis,
  keys: Keys,
  letterId: string,
  target: ReplayTarget,
  event: string | undefined,
): Promise<string | null> {
  try {
    if (target.topic) {
      const { topic, entryId } = splitDeadLetterId(letterId);
      registerScripts(redis);
      const id = await redis.elReplay(
        keys.deadLetters(topic),
        keys.stream(target.topic),
        entryId,
        event ?? '',
      );
      return id ?? null;
    }
    return await new DeadLetters(redis, keys).replay(letterId, event);
  } catch (error) {
    if (error instanceof DeadLetterNotFoundError) return null;
    throw error;
  }
}

/** Whether the letter's Redis entry is still there (resolves a letter left `replaying` by a crash). */
export async function deadLetterExists(redis: Redis, keys: Keys, letterId: string): Promise<boolean> {
  const { topic, entryId } = splitDeadLetterId(letterId);
  const found = await redis.xrange(keys.deadLetters(topic), entryId, entryId);
  return found.length > 0;
}
