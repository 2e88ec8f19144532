/**
 * Names shared by the bus, the API's input schemas and the UI. Topic names never contain `/`, which is
 * why a group is addressed as `<topic>/<group>` everywhere (metric keys, series names, presence).
 */
export const TOPIC_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Splits `<topic>/<group>` at its first slash; null when either side is missing or the topic is invalid. */
export function splitGroupKey(key: string): { topic: string; group: string } | null {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return null;
  const topic = key.slice(0, slash);
  return TOPIC_NAME.test(topic) ? { topic, group: key.slice(slash + 1) } : null;
}
