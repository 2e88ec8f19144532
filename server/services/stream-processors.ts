/**
 * The stream processors running now, from their heartbeats (keys.ts `streamProcessors()`, written by
 * server/bus/streams), for route handlers: app/ may not import the bus. A field that is not
 * ProcessorPresence JSON is left out. Throws BusUnavailableError (503) when Redis is unreachable.
 */
import { reading } from '@/server/bus/inspect/reading';
import { ProcessorPresence } from '@/server/contracts/bus-state';
import type { BusClients } from './bus-state';

export async function readProcessorPresence(
  clients: Pick<BusClients, 'redis' | 'keys'>,
): Promise<ProcessorPresence[]> {
  const key = clients.keys.streamProcessors();
  const hash = await reading(clients.redis, `stream processors (${key})`, () => clients.redis.hgetall(key));
  const out: ProcessorPresence[] = [];
  for (const text of Object.values(hash)) {
    try {
      const parsed = ProcessorPresence.safeParse(JSON.parse(text));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // not JSON: a hand-written field, left out like one that does not parse
    }
  }
  return out;
}
