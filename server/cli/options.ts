/** Parsers for option values; a bad value is a usage error (exit 2) with commander's one-line message. */
import { InvalidArgumentError } from 'commander';
import { DEAD_LETTER_CATEGORIES, type DeadLetterCategory } from '@/server/contracts/envelope';
import { UsageError } from './errors';

export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return Number(value);
}

/** `positiveInt` with an upper bound (an API's page size). */
export function positiveIntUpTo(max: number): (value: string) => number {
  return (value) => {
    const n = positiveInt(value);
    if (n > max) throw new InvalidArgumentError(`expected a positive integer up to ${max}.`);
    return n;
  };
}

/** A repeatable option's values, in the order given. */
export const collect = <T>(value: T, previous: T[] = []): T[] => [...previous, value];

export function category(value: string): DeadLetterCategory {
  const found = DEAD_LETTER_CATEGORIES.find((c) => c === value);
  if (!found) throw new InvalidArgumentError(`expected one of ${DEAD_LETTER_CATEGORIES.join(', ')}.`);
  return found;
}

/** `--data` as JSON; the message says what is wrong without echoing the (possibly large) value. */
export function parseJsonData(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--data is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}
