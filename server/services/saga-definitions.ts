/**
 * The saga definitions buses announced (keys.ts `sagaDefinitions()`, written by server/bus/saga), for
 * route handlers: app/ may not import the bus. A field that is not SagaDefinitionDoc JSON is left out.
 * Throws BusUnavailableError (503) when Redis is unreachable.
 */
import { reading } from '@/server/bus/inspect/reading';
import { SagaDefinitionDoc } from '@/server/contracts/saga-events';
import type { BusClients } from './bus-state';

/** Every announced definition, by name then newest version first. */
export async function readSagaDefinitions(
  clients: Pick<BusClients, 'redis' | 'keys'>,
): Promise<SagaDefinitionDoc[]> {
  const key = clients.keys.sagaDefinitions();
  const hash = await reading(clients.redis, `saga definitions (${key})`, () => clients.redis.hgetall(key));
  const docs: SagaDefinitionDoc[] = [];
  for (const text of Object.values(hash)) {
    const doc = parse(text);
    if (doc) docs.push(doc);
  }
  return docs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : b.version - a.version));
}

function parse(text: string): SagaDefinitionDoc | null {
  try {
    const parsed = SagaDefinitionDoc.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
