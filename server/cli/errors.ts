/** Exit codes of `eventlens` (listed in `eventlens --help`) and the mapping from errors to them. */
import { CommanderError } from 'commander';
import { BusError, isConnectionError } from '@/server/bus';
import { EnvError } from '@/server/env';

export const EXIT = {
  ok: 0,
  /** The operation failed: a dead letter not found, a Redis error reply. */
  failed: 1,
  /** Bad usage, invalid input or an invalid environment variable. */
  usage: 2,
  /** Redis did not answer (at connect, or the connection was lost). */
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error whose message is already a complete one-line explanation for the operator. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class RedisUnreachableError extends CliError {
  constructor(url: string, reason: string) {
    super(`Redis unreachable at ${url}: ${reason}`, EXIT.unreachable);
  }
}

/** Bus error codes that mean the input was wrong rather than the operation. */
const INPUT_CODES = new Set([
  'INVALID_TOPIC',
  'INVALID_GROUP',
  'INVALID_EVENT',
  'PAYLOAD_TOO_LARGE',
  'UNENCODABLE_EVENT',
  'SCHEMA_INVALID',
]);

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof EnvError) return EXIT.usage;
  if (error instanceof BusError && INPUT_CODES.has(error.code)) return EXIT.usage;
  if (isConnectionError(error)) return EXIT.unreachable;
  return EXIT.failed;
}

/** One line, never a stack: the message of an error, or its string form. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}
