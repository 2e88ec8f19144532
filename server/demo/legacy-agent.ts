import type { PublishInput } from '@/server/bus';
import type { DemoContext, Producer } from './context';
import { SERVICES, TOPICS } from './names';
import { SignalFactory } from './signals';

/**
 * The legacy EDR agent fleet: still sends Windows logon events in the v1 shape, without a schema
 * registry of its own. Consumers upcast v1 to v2; when the agent forwards the `-` address Windows
 * writes for some logons, the upcast event fails v2 validation and lands in the dead letters as
 * `invalid-schema`.
 */
export function startLegacyAgent(ctx: DemoContext): Producer {
  const bus = ctx.bus(SERVICES.legacyAgent, { schemas: false });
  const factory = new SignalFactory(ctx.dice);
  return {
    async emit(count) {
      const inputs: PublishInput[] = [];
      for (let i = 0; i < count; i++) {
        const data = factory.legacyLogin(ctx.failures.poison(0.5));
        inputs.push({ type: 'security.login.attempted', dataVersion: 1, subject: data.host, data });
      }
      await bus.publishBatch(TOPICS.signals, inputs);
    },
  };
}
