/** The newest version of each definition, by name: the one new instances run, and the one drawn. */
export function latestVersions<T extends { name: string; version: number }>(definitions: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const definition of definitions) {
    const seen = latest.get(definition.name);
    if (!seen || seen.version < definition.version) latest.set(definition.name, definition);
  }
  return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
}
