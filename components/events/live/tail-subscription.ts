import type { LiveSocket } from '@/components/lib/socket';
import type { LiveError, TailFilterInput } from '@/server/contracts/live';
import {
  applyBatch,
  applyReset,
  applySkipped,
  mergeAckPositions,
  resumeFrom,
  type TailState,
} from '../lib/tail-buffer';
import { TailFrameSchema, TailResetSchema, TailSubscribeAck } from './tail-messages';

export type TailStatus = 'connecting' | 'live' | 'reconnecting' | 'error';

export interface TailSubscriptionOptions {
  socket: LiveSocket;
  /** Unique per subscription, so late frames of an earlier one are ignored. */
  tailId: string;
  filter: TailFilterInput;
  /** The tail's state as it is now (the hook reads the query cache). */
  read(): TailState;
  /** Applies a change to the tail's state (the hook writes the query cache). */
  write(change: (state: TailState) => TailState): void;
  onStatus(status: TailStatus, error: LiveError | null): void;
  /** A frame that broke the contract; the subscription carries on. */
  onProblem(error: LiveError): void;
  /** The server could not replay what was missed: the caller refetches history. */
  onReset?(): void;
  ackTimeoutMs?: number;
  now?(): number;
}

/**
 * One tail on a socket.io connection, without React: subscribes on every connect (with `resume`, the
 * last positions, after the first), folds `tail:events` batches and `tail:reset` into the state, and
 * reports its status. Returns the function that stops it. The React hook wires it to the query cache;
 * the test drives it against the real live layer.
 */
export function startTailSubscription(options: TailSubscriptionOptions): () => void {
  const { socket, tailId, filter, read, write, onStatus, onProblem, onReset } = options;
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  let startedAt = 0;
  let active = true;

  const subscribe = () => {
    const resume = startedAt > 0 ? resumeFrom(read(), startedAt) : null;
    if (startedAt === 0) startedAt = now();
    socket
      .timeout(ackTimeoutMs)
      .emit('tail:subscribe', { tailId, filter, ...(resume ? { resume } : {}) }, (timeout, raw) => {
        if (!active) return;
        if (timeout) {
          // the next connect subscribes again; until then the list says the tail is not live
          onStatus('error', { code: 'UNAVAILABLE', message: 'The server did not answer the subscription.' });
          return;
        }
        const ack = TailSubscribeAck.safeParse(raw);
        if (!ack.success) {
          onStatus('error', {
            code: 'INTERNAL',
            message: 'The server answered the subscription unexpectedly.',
          });
        } else if (!ack.data.ok) {
          // SUPERSEDED: a newer subscription of this tail answered already
          if (ack.data.error.code !== 'SUPERSEDED') onStatus('error', ack.data.error);
        } else {
          const { positions } = ack.data;
          write((state) => mergeAckPositions(state, positions));
          onStatus('live', null);
        }
      });
  };

  const onFrame = (raw: unknown) => {
    if (!active) return;
    const frame = TailFrameSchema.safeParse(raw);
    if (!frame.success) {
      onProblem({
        code: 'INTERNAL',
        message: `A live frame did not match the contract: ${frame.error.issues[0]?.message ?? 'unknown'}`,
      });
      return;
    }
    const mine = frame.data.tails.filter((batch) => batch.tailId === tailId);
    const { skippedFrames, skippedEvents } = frame.data;
    if (mine.length === 0 && skippedFrames === 0) return;
    const at = now();
    write((state) =>
      mine.reduce(
        (current, batch) => applyBatch(current, batch, at),
        // skipped frames are counted per socket; the Events page holds the socket's only tail
        applySkipped(state, skippedFrames, skippedEvents),
      ),
    );
  };

  const onTailReset = (raw: unknown) => {
    if (!active) return;
    const reset = TailResetSchema.safeParse(raw);
    if (!reset.success || reset.data.tailId !== tailId) return;
    const value = reset.data;
    write((state) => applyReset(state, value, now()));
    onReset?.();
  };

  const onDisconnect = () => {
    if (active) onStatus('reconnecting', null);
  };

  socket.on('tail:events', onFrame);
  socket.on('tail:reset', onTailReset);
  socket.on('connect', subscribe);
  socket.on('disconnect', onDisconnect);
  if (socket.connected) subscribe();

  return () => {
    active = false;
    socket.off('tail:events', onFrame);
    socket.off('tail:reset', onTailReset);
    socket.off('connect', subscribe);
    socket.off('disconnect', onDisconnect);
    if (socket.connected) socket.emit('tail:unsubscribe', { tailId }, () => undefined);
  };
}
