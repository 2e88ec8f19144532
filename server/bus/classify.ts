import type { DeadLetterCategory } from '@/server/contracts/envelope';
import {
  DecodeError,
  HandlerTimeoutError,
  InvalidEnvelopeError,
  SchemaValidationError,
  UnrecoverableError,
} from './errors';

/** Which dead-letter category a handler failure belongs to, and whether retrying can help. */
export function classify(error: unknown): { category: DeadLetterCategory; retryable: boolean } {
  if (error instanceof SchemaValidationError || error instanceof InvalidEnvelopeError)
    return { category: 'invalid-schema', retryable: false };
  if (error instanceof DecodeError || error instanceof UnrecoverableError)
    return { category: 'poison', retryable: false };
  if (error instanceof HandlerTimeoutError) return { category: 'timeout', retryable: true };
  return { category: 'transient', retryable: true };
}

export function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : JSON.stringify(error));
}
