import type { Redis } from 'ioredis';
import type { Envelope } from '@/server/contracts/envelope';
import { decodeEntry, fieldsToObject } from '../codec';
import type { Keys } from '../keys';
import { RateMeter } from '../rate-meter';
import { loopBackoff } from '../retry';
import type { SchemaRegistry } from '../schema-registry';
import { sleep } from '../sleep';
import type { BusLogger } from '../types';
import { entryMs, mergeReads, readTopics, type Batch, type TopicRead } from './batch';
import type { ProjectionDefinition, ProjectionHandler } from './definition';
import { Model } from './model';
import type { ProjectionOptions } from './options';
import { streamInfo } from './status';

export interface RunnerEnv {
  redis: Redis;
  keys: Keys;
  definition: ProjectionDefinition;
  schemas: SchemaRegistry | undefined;
  log: BusLogger;
  /** This process's lease token. */
  owner: string;
  options: ProjectionOptions;
}

/** What this process saw of a generation it ran: for presence and tests. */
export interface RunnerStats {
  applied: number;
  duplicates: number;
  skipped: number;
  errors: number;
  lastError: string | null;
  /** The last batch reached the end of every topic. */
  caughtUp: boolean;
  /** This process held the generation's lease at its last look. */
  holding: boolean;
}

type Step = 'idle' | 'more' | 'done' | 'retired' | 'paused' | 'lease' | 'moved';

interface Candidate {
  topic: string;
  entryId: string;
  envelope: Envelope;
  handler: ProjectionHandler;
  dedupe: string;
}

/**
 * Runs one generation of a projection in this process: while it holds the generation's lease, reads
 * each topic from its checkpoint, applies a batch in memory and commits it with the new checkpoints
 * (scripts.ts, COMMIT). A building generation that reaches the end of every topic becomes the active
 * one (SWAP). Ends when the generation is retired or `signal` aborts.
 */
export class GenerationRunner {
  readonly stats: RunnerStats = {
    applied: 0,
    duplicates: 0,
    skipped: 0,
    errors: 0,
    lastError: null,
    caughtUp: false,
    holding: false,
  };
  readonly rate = new RateMeter(5_000, 10);
  private readonly positions = new Map<string, string>();
  /** Entries of a topic gone before this generation first read it (trimmed): its lag counter's base. */
  private readonly bases = new Map<string, number>();
  private readonly model: Model;
  private readonly metaKey: string;
  private readonly stateKey: string;
  private readonly seenKey: string;
  private readonly leaseKey: string;
  private loaded = false;
  /** The next batch's reads, started while the previous batch committed. */
  private prefetched: Promise<TopicRead[]> | null = null;

  constructor(
    private readonly env: RunnerEnv,
    readonly generation: number,
  ) {
    const { keys, definition } = env;
    this.model = new Model(keys.projectionModelPrefix(definition.name, generation));
    this.metaKey = keys.projectionMeta(definition.name);
    this.stateKey = keys.projectionState(definition.name, generation);
    this.seenKey = keys.projectionSeen(definition.name, generation);
    this.leaseKey = keys.projectionLease(definition.name, generation);
  }

  async run(signal: AbortSignal): Promise<void> {
    const { redis, options, owner } = this.env;
    const backoff = loopBackoff(options.retryBaseMs, options.retryMaxMs);
    while (!signal.aborted) {
      let wait = options.pollMs;
      try {
        const [state, ...meta] = await redis.elProjectionLease(
          this.metaKey,
          this.leaseKey,
          String(this.generation),
          owner,
          String(options.leaseMs),
        );
        this.stats.holding = state === 1;
        if (state === -1) return;
        const controls = fieldsToObject(meta.map(String));
        if (state === 1 && controls.paused !== '1') {
          await this.catchUp(controls.building === String(this.generation), signal);
        }
        backoff.reset();
      } catch (error) {
        this.model.clear();
        await this.discardPrefetch();
        wait = backoff.next();
        await this.noteError(error);
      }
      await sleep(wait, signal);
    }
  }

  /** Batches until the end of every topic (or a refusal); a building generation then swaps in. */
  private async catchUp(building: boolean, signal: AbortSignal): Promise<void> {
    if (!this.loaded) await this.load();
    while (!signal.aborted) {
      const step = await this.step();
      if (step === 'more') continue;
      await this.discardPrefetch();
      if (step === 'moved') this.loaded = false; // another process committed: read its checkpoints
      if (step !== 'idle' && step !== 'done') return;
      this.stats.caughtUp = true;
      if (building) {
        const retired = await this.env.redis.elProjectionSwap(
          this.metaKey,
          String(this.generation),
          String(Date.now()),
        );
        if (retired >= 0) {
          this.env.log.info(
            { projection: this.env.definition.name, generation: this.generation, retired },
            'projection rebuilt: generation swapped in',
          );
        }
      }
      return;
    }
  }

  private async load(): Promise<void> {
    const { redis, keys, definition } = this.env;
    const state = await redis.hgetall(this.stateKey);
    this.positions.clear();
    this.bases.clear();
    for (const topic of definition.topics) {
      const position = state[`pos:${topic}`] ?? '';
      this.positions.set(topic, position);
      if (position === '') {
        const info = await streamInfo(redis, keys.stream(topic));
        this.bases.set(topic, info ? Math.max(0, info.entriesAdded - info.length) : 0);
      }
    }
    this.loaded = true;
  }

  /** One batch: read, dedupe, apply in memory, commit. */
  private async step(): Promise<Step> {
    const { redis, keys, definition, options } = this.env;
    const reads =
      this.prefetched ?? readTopics(redis, keys, this.positions, definition.topics, options.batchSize);
    this.prefetched = null;
    const batch = mergeReads(await reads);
    if (batch.entries.length === 0) return 'idle';
    let skipped = 0;
    const candidates: Candidate[] = [];
    for (const entry of batch.entries) {
      const decoded = decodeEntry(entry.fields);
      // not an envelope (a foreign entry): no type to dispatch on; it only moves the checkpoint
      if (!decoded.ok) {
        skipped += 1;
        continue;
      }
      const handler = definition.handlers.get(decoded.envelope.type);
      if (!handler) continue;
      const envelope = decoded.envelope;
      candidates.push({
        topic: entry.topic,
        entryId: entry.entryId,
        envelope,
        handler,
        dedupe: `${envelope.source} ${envelope.id}`,
      });
    }
    // ids applied before are found by the commit (rare): the batch is then applied again without them
    const known = new Set<string>();
    for (;;) {
      this.model.clear();
      const applied: string[] = [];
      const inBatch = new Set<string>();
      let duplicates = 0;
      for (const c of candidates) {
        if (inBatch.has(c.dedupe) || known.has(c.dedupe)) {
          duplicates += 1;
          continue;
        }
        inBatch.add(c.dedupe);
        const event = this.env.schemas ? this.env.schemas.upcastToLatest(c.envelope) : c.envelope;
        const result = c.handler(event as Envelope & { data: unknown }, this.model, {
          topic: c.topic,
          entryId: c.entryId,
        });
        if (result !== undefined) await result;
        applied.push(c.dedupe);
      }
      const committing = this.commit(batch, applied, duplicates, skipped);
      this.model.clear();
      // read the next batch while this one commits: the client decodes while Redis runs the script
      if (batch.more && this.prefetched === null) {
        const next = new Map(this.positions);
        for (const [topic, { last }] of batch.taken) next.set(topic, last);
        this.prefetched = readTopics(redis, keys, next, definition.topics, options.batchSize);
        this.prefetched.catch(() => null); // awaited (or dropped) by the next step
      }
      const outcome = await committing;
      if (Array.isArray(outcome)) {
        for (const position of outcome) known.add(applied[position - 1]!);
        continue;
      }
      if (outcome !== 'ok') {
        await this.discardPrefetch(); // read from positions that were not committed
        return outcome as Step;
      }
      for (const [topic, { last }] of batch.taken) {
        this.positions.set(topic, last);
        this.bases.delete(topic);
      }
      this.stats.applied += applied.length;
      this.stats.duplicates += duplicates;
      this.stats.skipped += skipped;
      this.rate.add(batch.entries.length);
      return batch.more ? 'more' : 'done';
    }
  }

  private commit(
    batch: Batch,
    applied: readonly string[],
    duplicates: number,
    skipped: number,
  ): Promise<string | number[]> {
    const { redis, options } = this.env;
    const args: string[] = [
      String(this.generation),
      this.env.owner,
      String(options.leaseMs),
      String(options.seenMax),
      String(batch.taken.size),
    ];
    for (const [topic, { last, count }] of batch.taken) {
      args.push(topic, this.positions.get(topic) ?? '', last, String(count + (this.bases.get(topic) ?? 0)));
    }
    const time = entryMs(batch.entries.at(-1)!.entryId);
    args.push(
      String(applied.length),
      String(duplicates),
      String(skipped),
      String(applied.length),
      String(time),
    );
    for (const id of applied) args.push(id);
    for (const op of this.model.flush()) args.push(op);
    return redis.elProjectionCommit(this.metaKey, this.stateKey, this.seenKey, this.leaseKey, ...args);
  }

  private async discardPrefetch(): Promise<void> {
    const prefetched = this.prefetched;
    this.prefetched = null;
    await prefetched?.catch(() => null);
  }

  /** A failed batch is retried from the same checkpoint (never skipped); its error is kept in the state. */
  private async noteError(error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.stats.errors += 1;
    this.stats.lastError = message;
    this.env.log.warn(
      { projection: this.env.definition.name, generation: this.generation, err: message },
      'projection batch failed; retrying from its checkpoint',
    );
    await this.env.redis
      .multi()
      .hincrby(this.stateKey, 'errors', 1)
      .hset(this.stateKey, 'lastError', message.slice(0, 500), 'lastErrorAt', String(Date.now()))
      .exec()
      .catch(() => null);
  }
}
