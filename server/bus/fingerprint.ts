/**
 * Failure fingerprints: what groups dead letters by cause. Letters fail "the same way" when they share
 * topic, consumer group, error name, the error message with its variable parts replaced (`pattern`)
 * and the top application stack frame (`frame`). Pure, and here beside the SDK's dead letters so that
 * the recorder, the dead-letter service and the maintenance backfill all compute it the same way. The
 * SDK's own frames (server/bus) never count as the application's.
 */
import { createHash } from 'node:crypto';
import { normaliseMessage } from '@/server/contracts/error-pattern';

// the pattern lives in contracts so that read models group delivery errors the same way
export { normaliseMessage };

const MAX_FRAME = 300;

/** Frames that say nothing about the application: the runtime, dependencies, the SDK itself. */
const FOREIGN_FRAME = [
  /(^|[(\s])node:/,
  /\binternal\//,
  /[\\/]node_modules[\\/]/,
  /[\\/]server[\\/]bus[\\/]/,
  /<anonymous>|\bnative\b/,
];

const FRAME = /^\s*at (?:(?:async )?(.+?) \()?(.+?):(\d+)(?::\d+)?\)?\s*$/;

/**
 * The top application frame of a stack (`chargeCard (payments/charge.ts:42)`), or '' when there is
 * none; the column is dropped. The file is made relative to `root` when given, else cut to its last
 * three path segments: every process that fingerprints (recorders, the server, maintenance) must agree
 * whatever its working directory, and the service that threw ran in a checkout of its own anyway.
 */
export function topApplicationFrame(stack: string, root = ''): string {
  for (const line of stack.split('\n')) {
    if (!line.trimStart().startsWith('at ')) continue;
    if (FOREIGN_FRAME.some((pattern) => pattern.test(line))) continue;
    const match = FRAME.exec(line);
    if (!match) continue;
    const [, fn, file = '', lineNo = ''] = match;
    const where = `${relativeFile(file, root)}:${lineNo}`;
    const frame = fn ? `${fn} (${where})` : where;
    return frame.length > MAX_FRAME ? frame.slice(0, MAX_FRAME) : frame;
  }
  return '';
}

function relativeFile(file: string, root: string): string {
  const path = file.replace(/^file:\/\//, '').replace(/\\/g, '/');
  const base = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base && path.startsWith(`${base}/`)) return path.slice(base.length + 1);
  return path.split('/').filter(Boolean).slice(-3).join('/');
}

export interface FailureIdentity {
  topic: string;
  group: string;
  errorName: string;
  errorMessage: string;
  errorStack: string;
}

export interface Fingerprinted {
  /** sha1 hex, 16 characters, of topic, group, error name, pattern and frame. */
  fingerprint: string;
  pattern: string;
  frame: string;
}

export function fingerprintFailure(failure: FailureIdentity, root?: string): Fingerprinted {
  const pattern = normaliseMessage(failure.errorMessage);
  const frame = topApplicationFrame(failure.errorStack, root);
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([failure.topic, failure.group, failure.errorName, pattern, frame]))
    .digest('hex')
    .slice(0, 16);
  return { fingerprint, pattern, frame };
}
