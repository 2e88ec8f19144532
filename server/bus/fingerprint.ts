/**
 * Failure fingerprints: what groups dead letters by cause. Letters fail "the same way" when they share
 * topic, consumer group, error name, the error message with its variable parts replaced (`pattern`)
 * and the top application stack frame (`frame`). Pure, and here beside the SDK's dead letters so that
 * the recorder, the dead-letter service and the maintenance backfill all compute it the same way. The
 * SDK's own frames (server/bus) never count as the application's.
 */
import { createHash } from 'node:crypto';

const MAX_PATTERN = 500;
const MAX_FRAME = 300;

/** Variable parts of messages, most specific first (an ISO time contains numbers, a uuid hex digits). */
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, '<email>'],
  // quoted text, but not an apostrophe inside a word (`can't`)
  [/"[^"\n]*"|`[^`\n]*`|(?<!\w)'[^'\n]*'(?!\w)/g, '<str>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // hex ids: long runs of hex digits with at least one digit (not plain words such as `deadbeef`… nearly)
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\b\d+\b/g, '<n>'],
];

/** The message with ids, numbers, uuids, quoted strings, emails and times replaced by placeholders. */
export function normaliseMessage(message: string): string {
  let text = message.trim();
  for (const [pattern, placeholder] of REPLACEMENTS) text = text.replace(pattern, placeholder);
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_PATTERN ? text.slice(0, MAX_PATTERN) : text;
}

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
 * none. The file is made relative to `root` (the working directory by default) so that two machines
 * with different checkouts agree; the column is dropped.
 */
export function topApplicationFrame(stack: string, root = defaultRoot()): string {
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

function defaultRoot(): string {
  return typeof process !== 'undefined' && typeof process.cwd === 'function' ? process.cwd() : '';
}

function relativeFile(file: string, root: string): string {
  const path = file.replace(/^file:\/\//, '').replace(/\\/g, '/');
  const base = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base && path.startsWith(`${base}/`)) return path.slice(base.length + 1);
  // another machine's checkout: the last three segments are stable enough to group by
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
