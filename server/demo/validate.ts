import { UnrecoverableError, type Envelope, type Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { FileHash, LoginAttempt, NetworkFlow, ValidatedSignal } from './schemas';
import { concurrencyFor } from './timing';

/** Sensors whose clocks run this far ahead are not trusted. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Normalizes raw signals into one `signal.validated` shape. Legacy v1 logins arrive upcast by the
 * SDK; schema failures never reach this handler (they are dead-lettered on decode). Drops known
 * noise: monitoring scrapes and empty flows.
 */
export function startValidate(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.validate);
  const sub = consumers(
    bus,
    GROUPS.validate,
    TOPICS.signals,
    async (event, delivery) => {
      ctx.failures.transient('validate', delivery);
      const signal = normalize(event);
      if (!signal) return;
      if (Date.parse(signal.observedAt) - Date.now() > MAX_CLOCK_SKEW_MS)
        throw new UnrecoverableError(`observedAt ${signal.observedAt} is in the future: sensor clock skew`);
      await bus.publish(TOPICS.validated, { type: 'signal.validated', subject: signal.host, data: signal });
    },
    { concurrency: concurrencyFor(ctx.ratePerSec, 0.01) },
  );
  return sub;
}

function normalize(event: Envelope): ValidatedSignal | null {
  const base = { signalId: event.id };
  switch (event.type) {
    case 'security.login.attempted': {
      const login = event.data as LoginAttempt;
      return { ...base, kind: 'login', host: login.host, observedAt: login.observedAt, login };
    }
    case 'network.flow.observed': {
      const flow = event.data as NetworkFlow;
      if (flow.destPort === 9100 && flow.host === 'mon-01') return null;
      if (flow.bytesOut + flow.bytesIn === 0) return null;
      return { ...base, kind: 'flow', host: flow.host, observedAt: flow.observedAt, flow };
    }
    case 'file.hash.observed': {
      const file = event.data as FileHash;
      return { ...base, kind: 'file', host: file.host, observedAt: file.observedAt, file };
    }
    default:
      throw new UnrecoverableError(`unknown signal type "${event.type}" from ${event.source}`);
  }
}
