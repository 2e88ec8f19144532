/**
 * Keeps `status()` current without a Redis round trip per call: the lag of every stream read, sampled
 * every `statusEveryMs`. The same sample gives the application groups' lag, written into the group
 * rollups every `lagSampleEveryMs` (0: never). That write runs beside the sampling, never in its way: while
 * the store is away it waits on connection attempts, and status() must still tell how far behind the
 * recorder falls.
 */
import type { RecorderContext } from './context';
import { sampleLag, type StreamStatus } from './lag';
import { writeLagSamples } from './lag-samples';
import { sleep } from '@/server/bus/sleep';

export class StatusSampler {
  private latest: StreamStatus[] = [];
  private lastLagSample = 0;
  /** The lag write under way, if any: one at a time, a sample due meanwhile is skipped. */
  private lagWrite: Promise<void> | null = null;

  constructor(
    private readonly ctx: Pick<
      RecorderContext,
      'redis' | 'group' | 'registry' | 'sql' | 'options' | 'errors' | 'stopSignal'
    >,
  ) {}

  /** The streams of the latest sample. */
  get streams(): StreamStatus[] {
    return this.latest;
  }

  async run(): Promise<void> {
    const { options, stopSignal } = this.ctx;
    while (!stopSignal.aborted) {
      try {
        await this.sample(Date.now());
      } catch (error) {
        this.ctx.errors.record('status', error);
      }
      await sleep(options.statusEveryMs, stopSignal);
    }
    await this.lagWrite;
  }

  private async sample(now: number): Promise<void> {
    const { redis, group, registry, sql, errors } = this.ctx;
    const snapshot = await sampleLag(redis, group, registry.list(), now);
    this.latest = snapshot.streams;
    const every = this.ctx.options.lagSampleEveryMs;
    if (every > 0 && now - this.lastLagSample >= every && snapshot.groups.length > 0 && !this.lagWrite) {
      this.lastLagSample = now;
      this.lagWrite = writeLagSamples(sql, snapshot.groups, now)
        .catch((error: unknown) => errors.record('lag-sample', error))
        .finally(() => (this.lagWrite = null));
    }
  }
}
