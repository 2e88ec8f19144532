import type { TailFilter } from '@/server/contracts/live';
import type { LiveEntry } from './live-event';

/** A tail's filter, compiled once: `*` patterns become regular expressions, topic answers are cached. */
export interface CompiledFilter {
  readonly topicPatterns: readonly string[];
  /** Whether entries of this topic can match (cached per topic). */
  covers(topic: string): boolean;
  /** Whether an entry of a covered topic matches the other fields. */
  accepts(entry: LiveEntry): boolean;
}

type Test = (value: string) => boolean;

/** `*` matches any run of characters; without one, the value must be equal. */
export function compilePattern(pattern: string): Test {
  if (!pattern.includes('*')) return (value) => value === pattern;
  if (/^\*+$/.test(pattern)) return () => true;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return (value) => regex.test(value);
}

function anyOf(patterns: readonly string[] | undefined): Test | null {
  if (!patterns || patterns.length === 0) return null;
  const tests = patterns.map(compilePattern);
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
    covers: (name) => {
      let answer = covered.get(name);
      if (answer === undefined) {
        answer = topic(name);
        if (covered.size >= 10_000) covered.clear();
        covered.set(name, answer);
      }
      return answer;
    },
    accepts: (entry) => {
      const event = entry.event;
      if (type && (event.type === undefined || !type(event.type))) return false;
      if (source && (event.source === undefined || !source(event.source))) return false;
      if (correlationId !== undefined && event.correlationId !== correlationId) return false;
      if (text !== undefined && !entry.text.includes(text)) return false;
      return true;
    },
  };
}

const escapeRegExp = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
