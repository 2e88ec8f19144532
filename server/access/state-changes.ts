/**
 * What an event changed in an aggregate's state, as JSON paths: a structural diff (microdiff) of the
 * state before and after, each difference added, removed or changed. Pure; run on states already
 * masked for the caller, so a masked value never shows through its change.
 */
import diff from 'microdiff';
import type { StateChange } from '@/server/contracts/aggregates';

/** Most changes listed per event; an event that rewrites a huge state is summed up by the cap. */
export const MAX_CHANGES = 200;

const OPS = { CREATE: 'added', REMOVE: 'removed', CHANGE: 'changed' } as const;

/** `$.hosts[2].score` from microdiff's path segments. */
export function jsonPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number'
        ? `${text}[${part}]`
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)
          ? `${text}.${part}`
          : `${text}[${JSON.stringify(part)}]`,
    '$',
  );
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] =>
  typeof value === 'object' && value !== null;

export function stateChanges(before: unknown, after: unknown): StateChange[] {
  // microdiff compares containers only: a state that is a number, or that became one, changed whole
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after)) {
    return Object.is(before, after) || JSON.stringify(before) === JSON.stringify(after)
      ? []
      : [{ op: 'changed', path: '$', before, after }];
  }
  return diff(before, after)
    .slice(0, MAX_CHANGES)
    .map((d) => {
      const path = jsonPath(d.path);
      if (d.type === 'CREATE') return { op: OPS.CREATE, path, after: d.value };
      if (d.type === 'REMOVE') return { op: OPS.REMOVE, path, before: d.oldValue };
      return { op: OPS.CHANGE, path, before: d.oldValue, after: d.value };
    });
}
