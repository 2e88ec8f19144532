/**
 * The poll of a definition's due timers, which every process that registered the definition runs, and
 * what a visit does with one: the instance claimed and driven here, put off (held elsewhere, or not
 * due), its outbox flushed, or its timer dropped when the instance is gone for good.
 */
import { loopBackoff } from '../retry';
import { sleep } from '../sleep';
import type { BusLogger } from '../types';
import type { SagaDefinition } from './definition';
import type { SagaHost } from './host';
import { parseState } from './state';

/** A timer without its instance is dropped once it is this old (a start writes the timer first). */
const GONE_GRACE_MS = 10_000;
const GONE_RETRY_MS = 200;

export interface PollOptions {
  /** Most due timers one look takes. */
  pollBatch: number;
  pollMs: number;
  log: BusLogger;
  /** Ends the poll (the orchestrator closes). */
  signal: AbortSignal;
  /** Sleeps until the next poll, or until poked (a hand-off or an operator action in this process). */
  nap(ms: number): Promise<void>;
}

/** Every process that registered a definition looks at its due instances. */
export async function pollTimers(host: SagaHost, def: SagaDefinition, options: PollOptions): Promise<void> {
  const timers = host.keys.sagaTimers(def.name, def.version);
  const backoff = loopBackoff(100, 5_000);
  const stopped = options.signal;
  while (!stopped.aborted) {
    try {
      const due = await host.redis.zrangebyscore(
        timers,
        '-inf',
        Date.now(),
        'WITHSCORES',
        'LIMIT',
        0,
        options.pollBatch,
      );
      const visits: Promise<void>[] = [];
      for (let i = 0; i + 1 < due.length; i += 2)
        visits.push(visitTimer(host, def, timers, due[i]!, due[i + 1]!));
      await Promise.all(visits);
      backoff.reset();
      if (due.length / 2 < options.pollBatch) await options.nap(options.pollMs);
    } catch (error) {
      if (stopped.aborted) break;
      options.log.warn({ err: (error as Error).message, saga: def.key }, 'saga timer poll failed; retrying');
      await sleep(backoff.next(), stopped);
    }
  }
}

async function visitTimer(
  host: SagaHost,
  def: SagaDefinition,
  timers: string,
  sagaId: string,
  score: string,
): Promise<void> {
  const later = (ms: number): Promise<number> =>
    host.redis.elSagaReschedule(timers, sagaId, score, ms > 0 ? String(ms) : '');
  if (host.isActive(sagaId)) {
    await later(Date.now() + host.leaseMs);
    return;
  }
  const token = host.token();
  const key = host.keys.sagaInstance(sagaId);
  const [kind, ms, ...flat] = await host.redis.elSagaClaim(key, token, String(host.leaseMs));
  const at = Number(ms);
  switch (kind) {
    case 'gone':
      // a start writes the timer just before the instance: a young timer's instance may be on its way
      await later(Number(score) < Date.now() - GONE_GRACE_MS ? 0 : Date.now() + GONE_RETRY_MS);
      return;
    case 'busy':
    case 'later':
      await later(at);
      return;
    case 'flush': {
      const state = parseState(sagaId, flat);
      await host.publish(
        key,
        state.outbox.map((f): [string, string] => [f, state.raw[f]!]),
      );
      await later(at);
      return;
    }
    case 'claimed': {
      await later(Date.now() + host.leaseMs);
      const state = parseState(sagaId, flat);
      if (host.isActive(sagaId) || host.closing()) return; // the lease runs out; someone takes it again
      host.launch(def, state, token);
      return;
    }
  }
}
