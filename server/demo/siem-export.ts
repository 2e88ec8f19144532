import type { Subscription } from '@/server/bus';
import { DEMO_SUBSCRIBE } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import { Pacer } from './timing';

/** The SIEM throttles ingestion while it rolls over its indices, then catches up. */
export const SIEM_PHASE_MS = 20_000;
const SLOW_CAPACITY = 0.5;
const FAST_CAPACITY = 2;

/**
 * The slow consumer: exports scored signals to the SIEM, which accepts about half the traffic for
 * 20 s, then twice it for 20 s. The group's lag rises and drains in a visible sawtooth.
 * `inputPerSec` is the expected rate of `threat.analyzed`.
 */
export function startSiemExport(ctx: DemoContext, inputPerSec: number): Subscription[] {
  const bus = ctx.bus(SERVICES.siemExport);
  const startedAt = Date.now();
  const capacity = (): number => {
    const slow = Math.floor((Date.now() - startedAt) / SIEM_PHASE_MS) % 2 === 0;
    return inputPerSec * (slow ? SLOW_CAPACITY : FAST_CAPACITY);
  };
  const pacer = new Pacer(capacity);
  const sub = bus.subscribe(
    GROUPS.siemExport,
    TOPICS.analyzed,
    async (_event, delivery) => {
      await pacer.take(delivery.signal);
    },
    { ...DEMO_SUBSCRIBE, concurrency: 4, breaker: false },
  );
  return [sub];
}
