/**
 * Where replayed letters go, behind one function (the SDK's `replayEach`): back to their own topic
 * (every group sees them again), to another topic, or to the one group that failed (its redelivery
 * stream). Each path is the SDK's atomic replay script: the dead letter is removed in the same step
 * as the append, so a letter is replayed at most once whoever tries.
 */
import type { Redis } from 'ioredis';
import { DeadLetters, type ReplayOutcome } from '@/server/bus/dead-letters';
import type { Keys } from '@/server/bus/keys';
import { assertTopic } from '@/server/bus/topics';
import type { ReplayJob, ReplayTarget } from '@/server/contracts/replays';
import { ReplayInputError } from './replay-errors';

/** Refuses a target the SDK would refuse, before a job is made (a 400 naming the field, not a failing job). */
export function assertTargetSupported(target: ReplayTarget | undefined): void {
  if (target?.topic !== undefined) {
    try {
      assertTopic(target.topic);
    } catch (error) {
      throw new ReplayInputError('target.topic', error instanceof Error ? error.message : String(error));
    }
  }
  if (target?.group !== undefined && !/^[^\x00-\x1f\x7f]{1,200}$/.test(target.group))
    throw new ReplayInputError('target.group', '1 to 200 characters, no control characters');
}

/**
 * Replays letters in one round trip; per letter the new entry id, null when the dead letter is gone
 * (replayed or discarded elsewhere), or the error Redis answered for it. A refused target throws.
 */
export async function replayAllToTarget(
  redis: Redis,
  keys: Keys,
  letterIds: readonly string[],
  target: ReplayJob['target'],
  event: string | undefined,
): Promise<ReplayOutcome[]> {
  return new DeadLetters(redis, keys).replayEach(letterIds, {
    ...(target.group ? { group: target.group } : {}),
    ...(target.failedGroup ? { failedGroup: true } : {}),
    ...(target.topic ? { topic: target.topic } : {}),
    ...(event ? { event } : {}),
  });
}

/**
 * Letters a crash, or a pause that cut a batch short, left claimed and unrecorded, split by whether their
 * dead letter is still in Redis (one round trip): `gone` ones were replayed, `present` ones were not. An
 * id that names no dead letter counts as present, so that the replay refuses it rather than the store
 * calling it replayed.
 */
export async function lettersInRedis(
  redis: Redis,
  keys: Keys,
  letterIds: readonly string[],
): Promise<{ gone: string[]; present: string[] }> {
  const entries = await new DeadLetters(redis, keys).entries(letterIds);
  return {
    gone: letterIds.filter((_, i) => entries[i] === null),
    present: letterIds.filter((_, i) => entries[i] !== null),
  };
}
