/**
 * Sagas shared by the saga tests and their child processes. Every effect is counted in Redis under
 * the test's prefix: `<prefix>:test:runs` (hash: how often each action or compensation ran, raw) and
 * `<prefix>:test:effects` (hash: effects applied once per idempotency key).
 */
import type { Redis } from 'ioredis';
import { defineSaga, type SagaDefinition, type StepContext } from '@/server/bus/saga';
import { UnrecoverableError } from '@/server/bus/errors';

export const runsKey = (prefix: string): string => `${prefix}:test:runs`;
export const effectsKey = (prefix: string): string => `${prefix}:test:effects`;
export const signalKey = (prefix: string): string => `${prefix}:test:signal`;

export interface Order {
  orderId: string;
}

type Outputs = { reserve: { reservation: string }; charge: { payment: string }; ship: null; notify: null };

/** Counts a raw run, then applies the effect once per idempotency key (what a real effect would do). */
export async function effect(
  redis: Redis,
  prefix: string,
  name: string,
  ctx: Pick<StepContext<unknown, unknown>, 'sagaId' | 'idempotencyKey'>,
): Promise<void> {
  await redis.hincrby(runsKey(prefix), `${ctx.sagaId}/${name}`, 1);
  const first = await redis.set(`${prefix}:test:idem:${ctx.idempotencyKey}`, '1', 'NX');
  if (first) await redis.hincrby(effectsKey(prefix), `${ctx.sagaId}/${name}`, 1);
}

export interface OrderSagaOptions {
  /** The compensation of `reserve` applies its effect, tells the test, then hangs (a crash target). */
  blockUndoReserve?: boolean;
  /** `ship` fails for good (its compensation-free failure makes the saga compensate). */
  failShip?: boolean;
}

/** reserve -> charge -> ship -> notify; reserve and charge can be undone. */
export function orderSaga(
  redis: Redis,
  prefix: string,
  options: OrderSagaOptions = {},
): SagaDefinition<Order, Outputs> {
  return defineSaga<Order, Outputs>({
    name: 'order',
    version: 1,
    steps: [
      {
        name: 'reserve',
        action: async (ctx) => {
          await effect(redis, prefix, 'reserve', ctx);
          return { reservation: `r-${ctx.input.orderId}` };
        },
        compensate: async (ctx) => {
          await effect(redis, prefix, 'undo-reserve', ctx);
          if (options.blockUndoReserve) {
            // the effect is done but the orchestrator never hears of it: the crash window
            await redis.rpush(signalKey(prefix), `undo-reserve-done ${ctx.sagaId}`);
            await new Promise(() => undefined);
          }
        },
        compensationRetry: { maxAttempts: 3, baseMs: 10 },
      },
      {
        name: 'charge',
        action: async (ctx) => {
          await effect(redis, prefix, 'charge', ctx);
          return { payment: `p-${ctx.outputs.reserve?.reservation ?? '?'}` };
        },
        compensate: (ctx) => effect(redis, prefix, 'undo-charge', ctx),
        compensationRetry: { maxAttempts: 3, baseMs: 10 },
      },
      {
        name: 'ship',
        action: async (ctx) => {
          await effect(redis, prefix, 'ship', ctx);
          if (options.failShip) throw new UnrecoverableError('no courier for this address');
          return null;
        },
        retry: { maxAttempts: 2, baseMs: 10 },
      },
      {
        name: 'notify',
        action: async (ctx) => {
          await effect(redis, prefix, 'notify', ctx);
          return null;
        },
      },
    ],
  });
}
