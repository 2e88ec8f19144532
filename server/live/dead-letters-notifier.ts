/**
 * `deadLetters:changed` for every connected socket (counts only, no payload: any signed-in role may
 * see them), at most once per `intervalMs`: while a socket is connected the notifier reads a summary
 * of the store's dead letters and emits when it moved. Polling the store rather than listening to the
 * recorder keeps it right when the recorder, a replay job or the CLI runs in another process.
 */
import type { BusLogger } from '@/server/bus/types';
import type { DeadLettersChanged } from '@/server/contracts/live';
import type { DeadLetterPulse } from '@/server/queries/dead-letter-pulse';
import type { LiveServer } from './socket-server';

export const DEAD_LETTERS_POLL_MS = 1_000;

export interface DeadLettersNotifier {
  /** Reads once now (and emits on a change): for tests and for callers that just acted. */
  poll(): Promise<void>;
  status(): { polls: number; notices: number; errors: number };
  stop(): void;
}

export function startDeadLettersNotifier(options: {
  io: LiveServer;
  pulse: () => Promise<DeadLetterPulse>;
  log: BusLogger;
  intervalMs?: number;
}): DeadLettersNotifier {
  const { io, pulse, log } = options;
  let last: DeadLetterPulse | null = null;
  let inFlight = false;
  let stopped = false;
  let lastError: string | null = null;
  const counts = { polls: 0, notices: 0, errors: 0 };

  const poll = async (): Promise<void> => {
    if (inFlight || stopped) return;
    if (io.engine.clientsCount === 0) {
      // nobody listens: forget the baseline; the next listener's first read sets a new one
      last = null;
      return;
    }
    inFlight = true;
    try {
      const now = await pulse();
      counts.polls += 1;
      lastError = null;
      const change = last ? changeBetween(last, now) : null;
      last = now;
      if (change && !stopped) {
        io.emit('deadLetters:changed', change);
        counts.notices += 1;
      }
    } catch (error) {
      counts.errors += 1;
      const message = (error as Error).message;
      // the store being away is logged once, not once a second; health reports the store itself
      if (message !== lastError) log.warn({ err: message }, 'dead-letter pulse failed');
      lastError = message;
    } finally {
      inFlight = false;
    }
  };

  const timer = setInterval(() => void poll(), options.intervalMs ?? DEAD_LETTERS_POLL_MS);
  timer.unref?.();
  return {
    poll,
    status: () => ({ ...counts }),
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** What moved between two summaries, or null when nothing did. */
export function changeBetween(before: DeadLetterPulse, after: DeadLetterPulse): DeadLettersChanged | null {
  const recordedNewer = after.lastRecordedMs > before.lastRecordedMs;
  const recorded = Math.max(0, after.total - before.total);
  // letters leaving `pending` (or `replaying`) show up in the statuses they reach
  const changed =
    Math.max(0, after.replayed - before.replayed) +
    Math.max(0, after.discarded - before.discarded) +
    Math.max(0, after.replaying - before.replaying);
  const moved =
    recordedNewer ||
    after.total !== before.total ||
    after.pending !== before.pending ||
    after.replaying !== before.replaying ||
    after.replayed !== before.replayed ||
    after.discarded !== before.discarded;
  if (!moved) return null;
  return { recorded: Math.max(recorded, recordedNewer ? 1 : 0), changed, pending: after.pending };
}
