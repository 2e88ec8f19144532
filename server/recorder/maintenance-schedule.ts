/**
 * When store maintenance (maintenance.ts: partitions, retention) runs: once at start, before anything is
 * written (it creates today's partition), then every `maintenanceEveryMs` (0: never), and on demand.
 * Planner statistics (statistics.ts) are refreshed after the first run and then every
 * `statisticsEveryMs` (0: never): tables grow by the minute, far faster than maintenance comes round.
 * Runs never overlap: each waits for the one before.
 */
import type { RecorderContext } from './context';
import { runMaintenance, type MaintenanceReport } from './maintenance';
import { refreshStatistics } from './statistics';
import type { RecorderStatus } from './status';
import { sleep } from '@/server/bus/sleep';

export class MaintenanceSchedule {
  /** Resolves once the first run is done (at once when maintenance is off): reading waits for it. */
  readonly firstRunDone: Promise<void>;
  private markFirstRunDone!: () => void;
  private chain: Promise<unknown> = Promise.resolve();
  private lastRun: RecorderStatus['lastMaintenance'] = null;

  constructor(
    private readonly ctx: Pick<RecorderContext, 'sql' | 'options' | 'log' | 'errors' | 'stopSignal'>,
  ) {
    this.firstRunDone = new Promise((resolve) => (this.markFirstRunDone = resolve));
  }

  get last(): RecorderStatus['lastMaintenance'] {
    return this.lastRun;
  }

  /** Runs maintenance once the run in progress (if any) is done. */
  runNow(now?: number): Promise<MaintenanceReport> {
    const { sql, options, log, stopSignal } = this.ctx;
    const run = this.chain.then(async () => {
      const report = await runMaintenance(sql, options.maintenance, now ?? Date.now(), stopSignal);
      this.lastRun = { at: new Date().toISOString(), report };
      const changed = report.created.length + report.dropped.length;
      const deleted = Object.values(report.deleted).reduce((sum, n) => sum + n, 0);
      if (changed > 0 || deleted > 0) log.info({ ...report }, 'store maintenance');
      if (report.skipped.length > 0)
        log.warn({ skipped: report.skipped }, 'store maintenance skipped partitions');
      return report;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Analyzes the tables whose statistics are due, once the run in progress (if any) is done. */
  refreshStatistics(): Promise<string[]> {
    const { sql, log } = this.ctx;
    const run = this.chain.then(async () => {
      const analyzed = await refreshStatistics(sql);
      if (analyzed.length > 0) log.debug({ analyzed }, 'store statistics refreshed');
      return analyzed;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The schedule: the first run, then one every `maintenanceEveryMs` until stopped; statistics beside. */
  async run(): Promise<void> {
    const { options } = this.ctx;
    if (options.maintenanceEveryMs > 0) await this.runOrRecordError();
    this.markFirstRunDone();
    await Promise.all([
      this.every(options.maintenanceEveryMs, () => this.runOrRecordError()),
      this.every(options.statisticsEveryMs, () => this.refreshOrRecordError(), { atOnce: true }),
    ]);
  }

  private async every(
    periodMs: number,
    work: () => Promise<unknown>,
    { atOnce = false } = {},
  ): Promise<void> {
    const { stopSignal } = this.ctx;
    if (periodMs <= 0) return;
    if (atOnce) await work();
    while (!stopSignal.aborted) {
      await sleep(periodMs, stopSignal);
      if (stopSignal.aborted) break;
      await work();
    }
  }

  private refreshOrRecordError(): Promise<unknown> {
    return this.refreshStatistics().catch((error: unknown) => this.ctx.errors.record('maintenance', error));
  }

  private runOrRecordError(): Promise<unknown> {
    return this.runNow().catch((error: unknown) => this.ctx.errors.record('maintenance', error));
  }
}
