import { compileGlob, type GlobTest } from '@/server/bus/glob';
import type { TailFilter } from '@/server/contracts/live';
import type { LiveEntry } from './live-event';

/** A tail's filter, compiled once: `*` patterns become glob tests (linear time), topic answers are cached. */
export interface CompiledFilter {
  readonly topicPatterns: readonly string[];
  /** Whether entries of this topic can match (cached per topic). */
  covers(topic: string): boolean;
  /** Whether an entry of a covered topic matches the other fields. */
  accepts(entry: LiveEntry): boolean;
  /** A text filter searches payloads: what it matches tells of them even with previews masked. */
  readonly searchesPayload: boolean;
}

function anyOf(patterns: readonly string[] | undefined): GlobTest | null {
  if (!patterns || patterns.length === 0) return null;
  const tests = patterns.map(compileGlob);
  return tests.length === 1 ? tests[0]! : (value) => tests.some((test) => test(value));
}

export function compileFilter(filter: TailFilter): CompiledFilter {
  const topic = anyOf(filter.topics) ?? (() => true);
  const type = anyOf(filter.types);
  const source = anyOf(filter.sources);
  const correlationId = filter.correlationId;
  const text = filter.text?.toLowerCase();
  const covered = new Map<string, boolean>();
  return {
    topicPatterns: filter.topics,
    searchesPayload: text !== undefined,
    covers: (name) => {
      let answer = covered.get(name);
      if (answer === undefined) {
        answer = topic(name);
        if (covered.size >= 10_000) covered.clear();
        covered.set(name, answer);
      }
      return answer;
    },
    // reads the decoded event only when a filter needs it: an unfiltered tail decodes what it sends
    accepts: (entry) => {
      if (!type && !source && correlationId === undefined && text === undefined) return true;
      const event = entry.event;
      if (type && (event.type === undefined || !type(event.type))) return false;
      if (source && (event.source === undefined || !source(event.source))) return false;
      if (correlationId !== undefined && event.correlationId !== correlationId) return false;
      if (text !== undefined && !entry.text.includes(text)) return false;
      return true;
    },
  };
}
