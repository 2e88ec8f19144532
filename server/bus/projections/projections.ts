import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { isConnectionError } from '../errors';
import type { Keys } from '../keys';
import { loopBackoff } from '../retry';
import type { SchemaRegistry } from '../schema-registry';
import { sleep } from '../sleep';
import type { BusLogger } from '../types';
import {
  InvalidProjectionError,
  PROJECTION_NAME,
  ProjectionNotFoundError,
  type ProjectionDefinition,
} from './definition';
import { DEFAULT_PROJECTION_OPTIONS, type ProjectionOptions } from './options';
import { GenerationRunner, type RunnerStats } from './runner';
import { ProjectionPresenceWriter } from './presence';
import { registerProjectionScripts } from './scripts';
import { projectionStatus, type ProjectionStatus } from './status';
import { ProjectionView } from './view';

export interface ProjectionDeps {
  redis: Redis;
  keys: Keys;
  schemas: SchemaRegistry | undefined;
  log: BusLogger;
  service: string;
}

interface Running {
  runner: GenerationRunner;
  done: Promise<void>;
}

interface Worker {
  definition: ProjectionDefinition;
  options: ProjectionOptions;
  runners: Map<number, Running>;
  loop: Promise<void>;
}

/**
 * `bus.projections`: read models built from topics, kept in Redis. `register` runs a projection in
 * this process (any number of processes may: one holds each generation's lease, the others stand by);
 * `read`, `status`, `pause`, `resume` and `rebuild` work from any process. See server/bus/README.md
 * (Projections).
 */
export class Projections {
  private readonly redis: Redis;
  private readonly workers = new Map<string, Worker>();
  private readonly stop$ = new AbortController();
  private readonly owner = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;

  private readonly presence: ProjectionPresenceWriter;

  constructor(private readonly deps: ProjectionDeps) {
    this.redis = registerProjectionScripts(deps.redis);
    this.presence = new ProjectionPresenceWriter(this.redis, deps.keys, deps.service, this.owner, deps.log);
  }

  /**
   * Runs the projection in this process. The first registration anywhere creates generation 1, which
   * reads every topic from its start; later ones resume from the checkpoints.
   */
  async register(definition: ProjectionDefinition, options: Partial<ProjectionOptions> = {}): Promise<void> {
    if (this.stop$.signal.aborted) throw new InvalidProjectionError('the bus is closed');
    if (this.workers.has(definition.name)) return;
    await this.declareWhenConnected(definition);
    if (this.workers.has(definition.name) || this.stop$.signal.aborted) return;
    const worker: Worker = {
      definition,
      options: { ...DEFAULT_PROJECTION_OPTIONS, ...options },
      runners: new Map(),
      loop: Promise.resolve(),
    };
    this.workers.set(definition.name, worker);
    worker.loop = this.supervise(worker);
    this.presence.add({
      name: definition.name,
      runners: () => new Map([...worker.runners].map(([gen, running]) => [gen, running.runner])),
    });
  }

  /**
   * Writes the projection's meta, waiting out a connection that is not up yet: a service registers its
   * projections as it starts, often before its Redis connection is ready (and without an offline queue
   * a command fails at once).
   */
  private async declareWhenConnected(definition: ProjectionDefinition): Promise<void> {
    const meta = this.deps.keys.projectionMeta(definition.name);
    const backoff = loopBackoff(100, 5_000);
    for (;;) {
      try {
        await this.redis
          .multi()
          .hsetnx(meta, 'active', '1')
          .hsetnx(meta, 'generations', '1')
          .hset(meta, 'topics', JSON.stringify(definition.topics))
          .sadd(this.deps.keys.projectionNames(), definition.name)
          .exec();
        return;
      } catch (error) {
        if (!isConnectionError(error) || this.stop$.signal.aborted) throw error;
        await sleep(backoff.next(), this.stop$.signal);
      }
    }
  }

  /** The read model, as the active generation holds it now. */
  async read(name: string): Promise<ProjectionView> {
    const active = await this.redis.hget(this.deps.keys.projectionMeta(checkName(name)), 'active');
    if (active === null) throw new ProjectionNotFoundError(name);
    return new ProjectionView(this.redis, this.deps.keys, name, Number(active));
  }

  /** Generations, checkpoints, lag and counters (see ProjectionStatus). */
  status(name: string): Promise<ProjectionStatus> {
    return projectionStatus(this.redis, this.deps.keys, checkName(name));
  }

  /**
   * Stops applying events in every process (durable: a restarted process stays paused). Resolves
   * false when it was paused already (one HSETNX: of two callers, one changes it).
   */
  async pause(name: string): Promise<boolean> {
    return this.control(name, async (meta) => (await this.redis.hsetnx(meta, 'paused', '1')) === 1);
  }

  /** Goes on applying events; resolves false when it was not paused. */
  async resume(name: string): Promise<boolean> {
    return this.control(name, async (meta) => (await this.redis.hdel(meta, 'paused')) === 1);
  }

  /**
   * Starts building a new generation from the start of every topic while the active one serves reads;
   * it becomes the active one once it has caught up, and the old one is dropped after a grace period.
   * Returns the new generation (or the one already building).
   */
  async rebuild(name: string): Promise<number> {
    return (await this.startRebuild(name)).generation;
  }

  /** `rebuild`, saying whether this call started it (false: one was building already). */
  async startRebuild(name: string): Promise<{ generation: number; started: boolean }> {
    const [generation, started] = await this.redis.elProjectionRebuild(
      this.deps.keys.projectionMeta(checkName(name)),
    );
    if (generation === 0) throw new ProjectionNotFoundError(name);
    return { generation, started: started === 1 };
  }

  /** What this process applied of each generation it ran, by projection. */
  localStats(name: string): Map<number, RunnerStats> {
    const worker = this.workers.get(name);
    return new Map([...(worker?.runners ?? [])].map(([gen, r]) => [gen, r.runner.stats]));
  }

  /** Stops every runner after its current batch (an uncommitted batch is simply read again later). */
  async close(): Promise<void> {
    this.stop$.abort();
    await Promise.all([...this.workers.values()].map((w) => w.loop));
    this.workers.clear();
    await this.presence.close();
  }

  private async control<T>(name: string, write: (meta: string) => Promise<T>): Promise<T> {
    const meta = this.deps.keys.projectionMeta(checkName(name));
    if (!(await this.redis.hexists(meta, 'active'))) throw new ProjectionNotFoundError(name);
    return write(meta);
  }

  /** Starts a runner for the active and the building generation; drops retired ones after the grace. */
  private async supervise(worker: Worker): Promise<void> {
    const { definition, options } = worker;
    const signal = this.stop$.signal;
    const metaKey = this.deps.keys.projectionMeta(definition.name);
    while (!signal.aborted) {
      try {
        const meta = await this.redis.hgetall(metaKey);
        for (const field of ['active', 'building']) {
          const gen = Number(meta[field] ?? 0);
          if (gen > 0 && !worker.runners.has(gen)) this.startRunner(worker, gen, signal);
        }
        for (const [field, at] of Object.entries(meta)) {
          if (!field.startsWith('retired:') || Date.now() - Number(at) < options.retiredGraceMs) continue;
          await this.drop(definition.name, Number(field.slice('retired:'.length)));
          await this.redis.hdel(metaKey, field);
        }
      } catch (error) {
        this.deps.log.warn(
          { projection: definition.name, err: (error as Error).message },
          'projection supervisor: Redis failed; will retry',
        );
      }
      await sleep(Math.max(options.pollMs, 50), signal);
    }
    await Promise.all([...worker.runners.values()].map((r) => r.done));
  }

  private startRunner(worker: Worker, generation: number, signal: AbortSignal): void {
    const runner = new GenerationRunner(
      {
        redis: this.redis,
        keys: this.deps.keys,
        definition: worker.definition,
        schemas: this.deps.schemas,
        log: this.deps.log,
        owner: this.owner,
        options: worker.options,
      },
      generation,
    );
    const done = runner.run(signal).finally(() => {
      if (worker.runners.get(generation)?.runner === runner) worker.runners.delete(generation);
    });
    worker.runners.set(generation, { runner, done });
  }

  /** Deletes every key of a retired generation (SCAN, never KEYS; one slot, one node on a cluster). */
  private async drop(name: string, generation: number): Promise<void> {
    const pattern = this.deps.keys.projectionGenerationPattern(name, generation);
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (found.length > 0) await this.redis.unlink(...found);
      cursor = next;
    } while (cursor !== '0');
  }
}

function checkName(name: string): string {
  if (!PROJECTION_NAME.test(name)) throw new InvalidProjectionError(`invalid projection name "${name}"`);
  return name;
}
