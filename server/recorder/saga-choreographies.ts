/**
 * Declared choreographies as the recorder matches events against them: event type -> the steps whose
 * event, failure or compensation it is. Built from the definitions hash the SDK writes (keys.ts
 * `sagaDefinitions()`), refreshed on the recorder's discovery schedule; the batch writer only looks a
 * type up, so ordinary events pay one map lookup.
 */
import type { Redis } from 'ioredis';
import { SagaDefinitionDoc } from '@/server/contracts/saga-events';

export interface ChoreographyMatch {
  definition: { name: string; version: number };
  stepIndex: number;
  stepName: string;
  /** The step's name, or its compensation's for `role` 'compensation'. */
  phaseName: string;
  role: 'step' | 'failure' | 'compensation';
  /** Whether a step before this one declares a compensation (a failure here has something to undo). */
  undoableBefore: boolean;
  /** Whether this is the definition's last step. */
  last: boolean;
}

export type ChoreographyIndex = ReadonlyMap<string, readonly ChoreographyMatch[]>;

/** Type -> matches, from the choreographed definitions; of several versions of a name, the newest. */
export function choreographyIndex(docs: readonly SagaDefinitionDoc[]): ChoreographyIndex {
  const newest = new Map<string, SagaDefinitionDoc>();
  for (const doc of docs) {
    if (doc.kind !== 'choreographed') continue;
    const seen = newest.get(doc.name);
    if (!seen || seen.version < doc.version) newest.set(doc.name, doc);
  }
  const index = new Map<string, ChoreographyMatch[]>();
  const add = (type: string, match: ChoreographyMatch) => {
    const list = index.get(type);
    if (list) list.push(match);
    else index.set(type, [match]);
  };
  for (const doc of newest.values()) {
    let undoable = false;
    doc.steps.forEach((step, i) => {
      const base = {
        definition: { name: doc.name, version: doc.version },
        stepIndex: i,
        stepName: step.name,
        undoableBefore: undoable,
        last: i === doc.steps.length - 1,
      };
      for (const type of step.eventTypes ?? []) add(type, { ...base, phaseName: step.name, role: 'step' });
      for (const type of step.failureTypes ?? []) add(type, { ...base, phaseName: step.name, role: 'failure' });
      const compensation = step.compensation;
      if (compensation) {
        for (const type of compensation.eventTypes ?? [])
          add(type, { ...base, phaseName: compensation.name, role: 'compensation' });
        undoable = true;
      }
    });
  }
  return index;
}

/** The recorder's copy of the declared choreographies. */
export class SagaCatalog {
  private index: ChoreographyIndex = new Map();
  /** Definitions in the hash that are not SagaDefinitionDoc JSON (skipped) at the last refresh. */
  invalid = 0;

  constructor(
    private readonly redis: Pick<Redis, 'hgetall'>,
    private readonly key: string,
  ) {}

  matches(type: string): readonly ChoreographyMatch[] | undefined {
    return this.index.size === 0 ? undefined : this.index.get(type);
  }

  /** Reads the definitions hash again; throws when Redis does (the caller records it and tries later). */
  async refresh(): Promise<void> {
    const hash = await this.redis.hgetall(this.key);
    const docs: SagaDefinitionDoc[] = [];
    let invalid = 0;
    for (const text of Object.values(hash)) {
      const doc = parseDoc(text);
      if (doc) docs.push(doc);
      else invalid += 1;
    }
    this.index = choreographyIndex(docs);
    this.invalid = invalid;
  }
}

function parseDoc(text: string): SagaDefinitionDoc | null {
  try {
    const parsed = SagaDefinitionDoc.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
