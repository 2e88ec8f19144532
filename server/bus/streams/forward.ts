import { derivedId } from './derived-id';
import type { Terminal, TerminalContext } from './terminal';
import type { StreamEvent } from './types';

/**
 * `to(topic)` of a filter/map pipeline: publishes the transformed event, caused by its input and in
 * its correlation. The id derives from the input's `source|id`, so a redelivered input (at least once)
 * publishes the same event again, which a consumer deduping on `id` + `source` sees once.
 */
export function forwardTerminal(ctx: TerminalContext, type: string | undefined): Terminal {
  return {
    kind: 'forward',
    ...(type === undefined ? {} : { outputType: type }),
    async apply(event: StreamEvent): Promise<void> {
      await ctx.publishBatch(ctx.topic, [
        {
          id: derivedId(ctx.name, `${event.source}|${event.id}`),
          type: type ?? event.type,
          data: event.data,
          ...(event.subject === undefined ? {} : { subject: event.subject }),
          ...(event.time === undefined ? {} : { time: event.time }),
          ...(event.tenantid === undefined ? {} : { tenantId: event.tenantid }),
          causationId: event.id,
          ...(event.correlationid === undefined ? {} : { correlationId: event.correlationid }),
        },
      ]);
    },
  };
}
