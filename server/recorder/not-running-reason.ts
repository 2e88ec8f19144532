/** Why a recorder is not recording, in one line for the log, /api/health and the pages. */
import type { ErrorKind, RecorderStatus } from './status';

const DOING: Record<ErrorKind, string> = {
  read: 'cannot read the streams',
  discover: 'cannot list the streams',
  claim: 'cannot take over idle entries',
  write: 'cannot write to the store',
  ack: 'cannot acknowledge entries',
  status: 'cannot read stream lag',
  'lag-sample': 'cannot store lag samples',
  maintenance: 'cannot prepare the store',
};

export interface ReasonInput {
  state: RecorderStatus['state'];
  /** The read connection's socket error while it is not ready, or null. */
  redisDown: string | null;
  /** Whether the last write reached the store. */
  storeOk: boolean;
  last: RecorderStatus['errors']['last'];
  /** Why the consumer group is shared with another database's recorder, or null. */
  sharedWith?: string | null;
}

export function notRunningReason({
  state,
  redisDown,
  storeOk,
  last,
  sharedWith,
}: ReasonInput): string | null {
  if (state === 'running' || state === 'stopping' || state === 'stopped') return null;
  if (redisDown) return `waiting for Redis: ${redisDown}`;
  if (!storeOk && last?.during === 'write') return `${DOING.write}: ${last.message}`;
  if (sharedWith) return `records only part of the streams: ${sharedWith}`;
  if (last) return `${DOING[last.during]}: ${last.message}`;
  return state === 'starting' ? 'starting: preparing the store and discovering streams' : null;
}
