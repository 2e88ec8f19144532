import { UnrecoverableError } from '../errors';
import { derivedId, eventTimeMs } from './derived-id';
import { entriesOf, ResultOutbox } from './outbox';
import { dedupeMember, keyOf, type Terminal, type TerminalContext } from './terminal';
import type { StreamEvent, WindowResult, WindowSpec } from './types';

/** Windows emitted or purged per script call at most: a watermark jump is spread over later events. */
const CLOSE_BATCH = 500;

/**
 * Windowed aggregation by event time. Each event is one script call (streams/scripts.ts, WINDOW_APPLY)
 * that dedupes it, adds it to its windows, advances the watermark (latest event time less `delayMs`),
 * and writes into the outbox the results of the windows the watermark passed and of the emitted
 * windows a late event corrected. A window's state is kept until the watermark passes its end plus
 * `latenessMs`; an event later than that for all its windows is counted as dropped.
 */
export function windowTerminal<T>(ctx: TerminalContext, spec: WindowSpec<T>, type: string): Terminal {
  const size = spec.sizeMs;
  const slide = spec.kind === 'sliding' ? (spec.slideMs ?? size) : size;
  if (!Number.isInteger(size) || size <= 0) throw new RangeError('window sizeMs must be a positive integer');
  if (!Number.isInteger(slide) || slide <= 0 || size % slide !== 0)
    throw new RangeError('window slideMs must be a positive integer dividing sizeMs');
  const lateness = String(spec.latenessMs ?? 0);
  const delay = String(spec.delayMs ?? 0);
  const k = (part: Parameters<typeof ctx.keys.streamState>[1]): string =>
    ctx.keys.streamState(ctx.name, part);
  const keys = [k('meta'), k('windows'), k('open'), k('kept'), k('seen'), k('outbox')];
  const outbox = new ResultOutbox(
    ctx.redis,
    k('outbox'),
    ctx.topic,
    (field, value) => {
      const result: WindowResult = {
        key: String(value.k),
        start: new Date(Number(value.st)).toISOString(),
        end: new Date(Number(value.en)).toISOString(),
        count: Number(value.c),
        sum: Number(value.s),
        min: typeof value.mn === 'number' ? value.mn : null,
        max: typeof value.mx === 'number' ? value.mx : null,
        revision: Number(value.r),
      };
      return {
        id: derivedId(ctx.name, field),
        type,
        subject: result.key,
        // a result happens at its window's end: downstream windows of results keep to event time
        time: result.end,
        causationId: String(value.cause),
        data: result,
      };
    },
    ctx.publishBatch,
    ctx.staleMs,
  );

  const clockLag = spec.clockLagMs;
  return {
    kind: 'window',
    outputType: type,
    outbox,
    ...(clockLag === undefined
      ? {}
      : {
          async due(now: number): Promise<void> {
            const reply = await ctx.redis.elStreamAdvance(
              ...keys,
              String(now - clockLag),
              lateness,
              String(CLOSE_BATCH),
              String(now),
              String(size),
            );
            await outbox.publish(entriesOf(reply, 0));
          },
        }),
    async apply(event: StreamEvent<T>): Promise<void> {
      const key = keyOf(event, spec.key);
      if (key === undefined) return;
      const t = eventTimeMs(event.time);
      const starts: string[] = [];
      for (let start = Math.floor(t / slide) * slide; start > t - size; start -= slide)
        starts.push(String(start));
      const value = spec.value ? spec.value(event) : null;
      // NaN or Infinity would poison the window's sum for good: the event goes to the dead letters
      if (value !== null && !Number.isFinite(value))
        throw new UnrecoverableError(`window value of event ${event.id} is not a finite number: ${value}`);
      const reply = await ctx.batcher.call('elStreamWindow', [
        ...keys,
        dedupeMember(event),
        String(t),
        value === null ? '' : String(value),
        String(size),
        lateness,
        delay,
        String(CLOSE_BATCH),
        key,
        event.id,
        String(Date.now()),
        ...starts,
      ]);
      await outbox.publish(entriesOf(reply, 1));
    },
  };
}
