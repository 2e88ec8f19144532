/**
 * Keeps `status()` current without a Redis round trip per call: the lag of every stream read, sampled
 * every `statusEveryMs`. The same sample gives the application groups' lag, written into the group
 * rollups every `lagSampleEveryMs` (0: never).
 */
import type { RecorderContext } from './context';
import { sampleLag, type StreamStatus } from './lag';
import { writeLagSamples } from './lag-samples';
import { sleep } from '@/server/bus/sleep';

export class StatusSampler {
  private latest: StreamStatus[] = [];
  private lastLagSample = 0;

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
  }

  private async sample(now: number): Promise<void> {
    const { redis, group, registry, sql, errors } = this.ctx;
    const snapshot = await sampleLag(redis, group, registry.list(), now);
    this.latest = snapshot.streams;
    const every = this.ctx.options.lagSampleEveryMs;
    if (every > 0 && now - this.lastLagSample >= every && snapshot.groups.length > 0) {
      this.lastLagSample = now;
      await writeLagSamples(sql, snapshot.groups, now).catch((error: unknown) =>
        errors.record('lag-sample', error),
      );
    }
  }
}
