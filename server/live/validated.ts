import type { z } from 'zod';
import type { BusLogger } from '@/server/bus/types';
import type { Ack, ClientToServerEvents, LiveError } from '@/server/contracts/live';
import type { LiveSocket } from './socket-server';

type Listener = (...args: unknown[]) => void;

/**
 * Registers a client event whose payload is parsed with `schema` on arrival. The ack (when the client
 * sent one) gets the handler's result, or `{ ok: false, error }` when the payload fails or the handler
 * throws; without an ack, a failure is sent as `live:error`. Nothing a client sends can crash the server.
 */
export function onValidated<S extends z.ZodType, R extends object>(
  socket: LiveSocket,
  event: keyof ClientToServerEvents,
  schema: S,
  handler: (payload: z.output<S>) => Ack<R> | Promise<Ack<R>>,
  log: BusLogger,
): void {
  const listen = socket.on.bind(socket) as unknown as (event: string, listener: Listener) => void;
  listen(event, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (result: Ack<R>) => void) : null;
    if (ack) args.pop();
    const reply = (result: Ack<R>): void => {
      if (ack) ack(result);
      else if (!result.ok) socket.emit('live:error', { event, ...result.error });
    };
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      reply({ ok: false, error: invalidPayload(parsed.error) });
      return;
    }
    Promise.resolve()
      .then(() => handler(parsed.data))
      .then(reply, (error: unknown) => {
        log.error({ err: (error as Error)?.message, event, socket: socket.id }, 'live handler failed');
        reply({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      });
  });
}

export function invalidPayload(error: z.ZodError): LiveError {
  const issues = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  return {
    code: 'INVALID_PAYLOAD',
    message: `invalid payload: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`.slice(0, 500),
    issues,
  };
}
