import type { HistorySource } from './inspect';

/**
 * The aggregate types defined in this process, by key prefix and type, so that a console running in
 * the same process as the code that defines a type (demo mode) reads its history directly instead of
 * asking itself over Redis. On globalThis: Next's route bundles and the server are two module graphs.
 */
const KEY = Symbol.for('eventlens.local-aggregates');
type Holder = { [KEY]?: Map<string, HistorySource> };

function registry(): Map<string, HistorySource> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Map());
}

const keyOf = (prefix: string, type: string): string => `${prefix}\u0000${type}`;

export function registerLocalAggregate(prefix: string, type: string, source: HistorySource): void {
  registry().set(keyOf(prefix, type), source);
}

/** Removes it, unless another definition of the same type took its place since. */
export function unregisterLocalAggregate(prefix: string, type: string, source: HistorySource): void {
  const map = registry();
  if (map.get(keyOf(prefix, type)) === source) map.delete(keyOf(prefix, type));
}

/** The history source of a type defined in this process, if any. */
export function localAggregate(prefix: string, type: string): HistorySource | undefined {
  return registry().get(keyOf(prefix, type));
}
