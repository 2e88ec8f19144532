import type { Redis } from 'ioredis';
import type { Draft } from './draft';

export interface CommitOptions {
  /** The owner token the caller holds ('' unowned; '*' any: operator actions). */
  expectOwner: string;
  /** The owner after the transition ('' releases the instance). */
  newOwner: string;
  /** Statuses the instance must be in (operator actions). */
  allowed?: readonly string[];
  /** `step:attempt` the caller thinks is in flight. */
  fence?: string;
  leaseMs: number;
  /** Fields to delete: outbox entries already published. */
  del?: readonly string[];
}

export type CommitResult = { ok: true; rev: number } | { ok: false; reason: string };

/** Commits a draft with the fenced transition script (one round trip). */
export async function commitDraft(
  redis: Redis,
  key: string,
  draft: Draft,
  options: CommitOptions,
): Promise<CommitResult> {
  const pairs: string[] = [];
  for (const field in draft.set) pairs.push(field, draft.set[field]!);
  for (const [field, value] of draft.outbox) pairs.push(field, value);
  const result = await redis.elSagaTransition(
    key,
    options.expectOwner,
    options.newOwner,
    String(draft.state.rev),
    (options.allowed ?? []).join(','),
    options.fence ?? '',
    String(options.leaseMs),
    draft.ttl,
    String(pairs.length / 2),
    ...pairs,
    ...(options.del ?? []),
  );
  return typeof result === 'number' ? { ok: true, rev: result } : { ok: false, reason: String(result) };
}

/** The fields a draft wrote, as the in-memory state should see them. */
export function writtenFields(draft: Draft): Record<string, string> {
  const fields = { ...draft.set };
  for (const [field, value] of draft.outbox) fields[field] = value;
  return fields;
}
