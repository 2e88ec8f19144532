import { SagaStateError, type Bus, type Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, TOPICS } from './names';
import { concurrencyFor } from './timing';

export const ON_CALL_ACTOR = 'on-call@demo';

/**
 * The on-call analyst. A stuck instance never expires (it waits for an operator), so a demo left
 * running would keep every one it ever had: an investigation saga stuck for `ctx.stuckResolvedAfterMs`
 * with nobody acting on it is resolved by hand, as the console's operator would. Until then it is
 * there for the console's retry, resolve and abort.
 */
export function startOnCall(ctx: DemoContext, bus: Bus, definition: string): Subscription[] {
  const resolveIfStillStuck = async (sagaId: string): Promise<void> => {
    const instance = await bus.sagas.get(sagaId);
    // an operator acted meanwhile, or it got stuck again later: that stuck event has its own timer
    if (instance?.status !== 'stuck' || Date.now() - instance.updatedAt < ctx.stuckResolvedAfterMs * 0.9)
      return;
    await bus.sagas
      .resolve(sagaId, { actor: ON_CALL_ACTOR, reason: `undone by hand: ${instance.step.name} was stuck` })
      .catch((error: unknown) => {
        if (!(error instanceof SagaStateError)) throw error;
      });
  };
  return consumers(
    bus,
    GROUPS.onCall,
    TOPICS.sagas,
    (event) => {
      const data = event.data as { sagaId?: unknown; definition?: { name?: unknown } } | null;
      if (event.type !== 'saga.stuck' || data?.definition?.name !== definition) return;
      if (typeof data.sagaId !== 'string') return;
      const sagaId = data.sagaId;
      ctx.later(ctx.stuckResolvedAfterMs, () => resolveIfStillStuck(sagaId));
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.1, 0.005) },
  );
}
