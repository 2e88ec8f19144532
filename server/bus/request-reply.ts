import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Envelope } from '@/server/contracts/envelope';
import { decodeEntry, encodeEnvelope, EVENT_FIELD } from './codec';
import { buildEnvelope, type PublishInput } from './envelope';
import { untilAborted } from './deadline';
import { BusError, RequestTimeoutError, unavailableOr } from './errors';
import type { Keys } from './keys';
import { sleep } from './sleep';
import type { BusLogger } from './types';

/** The handler of a request failed; its message travels back to the requester. */
export class RemoteHandlerError extends BusError {
  constructor(
    readonly topic: string,
    message: string,
  ) {
    super('REMOTE_HANDLER_FAILED', `handler of "${topic}" failed: ${message}`);
  }
}

interface Waiting {
  topic: string;
  resolve: (reply: Envelope) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const INBOX_TTL_MS = 120_000;
const INBOX_MAXLEN = 10_000;

/**
 * The requester's side: one reply inbox (a stream) per bus instance, read with a plain XREAD loop
 * from its own cursor; replies are matched to requests by `causationid` = the request's id.
 */
export class Requester {
  readonly instanceId = randomBytes(8).toString('hex');
  private readonly waiting = new Map<string, Waiting>();
  private reader: Redis | null = null;
  private loop: Promise<void> | null = null;
  private readonly stop$ = new AbortController();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: BusLogger,
  ) {}

  get inbox(): string {
    return this.keys.inbox(this.instanceId);
  }

  /** Registers a request before it is published, so a fast reply cannot be missed. */
  expect(requestId: string, topic: string, timeoutMs: number): Promise<Envelope> {
    this.start();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new RequestTimeoutError(topic, timeoutMs));
      }, timeoutMs);
      this.waiting.set(requestId, { topic, resolve, reject, timer });
    });
  }

  cancel(requestId: string): void {
    const waiting = this.waiting.get(requestId);
    if (waiting) clearTimeout(waiting.timer);
    this.waiting.delete(requestId);
  }

  private start(): void {
    if (this.loop) return;
    this.reader = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.reader.on('error', () => {
      // surfaces as request timeouts; the loop retries on its own
    });
    this.loop = this.read();
  }

  private async read(): Promise<void> {
    const stopped = this.stop$.signal;
    let cursor = '0-0';
    while (!stopped.aborted) {
      try {
        // a read queued while Redis is away may never settle once the reader is closed: stop waiting
        cursor = await untilAborted(this.readReplies(cursor), stopped, () => cursor);
      } catch (error) {
        if (stopped.aborted) break;
        this.log.debug({ err: (error as Error).message }, 'reply inbox read failed; retrying');
        await sleep(200, stopped);
      }
    }
  }

  /** One read of the inbox; hands each reply to its waiting request. Returns the new cursor. */
  private async readReplies(cursor: string): Promise<string> {
    await this.reader!.pexpire(this.inbox, INBOX_TTL_MS);
    const reply = (await this.reader!.xread('COUNT', 100, 'BLOCK', 1_000, 'STREAMS', this.inbox, cursor)) as
      [string, [string, string[]][]][] | null;
    let last = cursor;
    for (const [id, flat] of reply?.[0]?.[1] ?? []) {
      last = id;
      const decoded = decodeEntry(flat);
      if (!decoded.ok) continue;
      const waiting = decoded.envelope.causationid
        ? this.waiting.get(decoded.envelope.causationid)
        : undefined;
      if (!waiting) continue;
      this.waiting.delete(decoded.envelope.causationid!);
      clearTimeout(waiting.timer);
      if (decoded.envelope.type.endsWith('.error')) {
        const message =
          (decoded.envelope.data as { message?: string } | undefined)?.message ?? 'unknown error';
        waiting.reject(new RemoteHandlerError(waiting.topic, message));
      } else waiting.resolve(decoded.envelope);
    }
    return last;
  }

  async close(): Promise<void> {
    this.stop$.abort();
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(new BusError('BUS_CLOSED', 'the bus was closed while waiting for a reply'));
      this.waiting.delete(id);
    }
    this.reader?.disconnect();
    await this.loop?.catch(() => undefined);
  }
}

/** The replying side: appends the reply (or `<type>.error`) to the requester's inbox. */
export async function sendReply(
  redis: Redis,
  source: string,
  request: Envelope,
  reply: PublishInput | { error: Error },
): Promise<void> {
  if (!request.replyto) return;
  const input: PublishInput =
    'error' in reply ? { type: `${request.type}.error`, data: { message: reply.error.message } } : reply;
  const envelope = buildEnvelope(source, { ...input, causationId: request.id }, undefined);
  const encoded = encodeEnvelope(envelope);
  try {
    await redis.xadd(request.replyto, 'MAXLEN', '~', String(INBOX_MAXLEN), '*', EVENT_FIELD, encoded);
  } catch (error) {
    throw unavailableOr(error, redis);
  }
}
