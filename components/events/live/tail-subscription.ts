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
  /**
   * Runs `flush` once soon; returns a cancel. Changes that arrive before it runs are written together, so
   * a burst of frames costs one state update (one render). Default: the next animation frame, or
   * FLUSH_FALLBACK_MS where frames do not run (a hidden tab, Node).
   */
  schedule?(flush: () => void): () => void;
}

/** How long changes wait at most when no animation frame comes (a hidden tab still takes them in). */
export const FLUSH_FALLBACK_MS = 250;

/** The next animation frame or FLUSH_FALLBACK_MS, whichever comes first. */
export function nextFrame(flush: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    flush();
  };
  const timer = setTimeout(run, FLUSH_FALLBACK_MS);
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : null;
  const cancel = () => {
    clearTimeout(timer);
    if (frame !== null) cancelAnimationFrame(frame);
  };
  return () => {
    done = true;
    cancel();
  };
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
  const schedule = options.schedule ?? nextFrame;
  let startedAt = 0;
  let active = true;

  // every change goes through one queue, in arrival order, and is written once per flush
  let pending: ((state: TailState) => TailState)[] = [];
  let resetPending = false;
  let cancelFlush: (() => void) | null = null;
  const flush = () => {
    cancelFlush?.();
    cancelFlush = null;
    if (pending.length === 0) return;
    const changes = pending;
    pending = [];
    write((state) => changes.reduce((current, change) => change(current), state));
    if (resetPending) {
      resetPending = false;
      onReset?.(); // once the gap is in the state
    }
  };
  const enqueue = (change: (state: TailState) => TailState) => {
    pending.push(change);
    cancelFlush ??= schedule(flush);
  };

  const subscribe = () => {
    flush(); // the resume positions include what is still queued
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
          enqueue((state) => mergeAckPositions(state, positions));
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
    enqueue((state) =>
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
    const at = now();
    enqueue((state) => applyReset(state, value, at));
    resetPending = true;
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
    cancelFlush?.();
    pending = [];
    socket.off('tail:events', onFrame);
    socket.off('tail:reset', onTailReset);
    socket.off('connect', subscribe);
    socket.off('disconnect', onDisconnect);
    if (socket.connected) socket.emit('tail:unsubscribe', { tailId }, () => undefined);
  };
}
