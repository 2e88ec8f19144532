/**
 * When store maintenance (maintenance.ts: partitions, retention) runs: once at start, before anything is
 * written (it creates today's partition), then every `maintenanceEveryMs` (0: never), and on demand.
 * Runs never overlap: each waits for the one before.
 */
import type { RecorderContext } from './context';
import { runMaintenance, type MaintenanceReport } from './maintenance';
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

  /** The schedule: the first run, then one every `maintenanceEveryMs` until stopped. */
  async run(): Promise<void> {
    const { options, stopSignal } = this.ctx;
    if (options.maintenanceEveryMs <= 0) return this.markFirstRunDone();
    await this.runOrRecordError();
    this.markFirstRunDone();
    while (!stopSignal.aborted) {
      await sleep(options.maintenanceEveryMs, stopSignal);
      if (stopSignal.aborted) break;
      await this.runOrRecordError();
    }
  }

  private runOrRecordError(): Promise<unknown> {
    return this.runNow().catch((error: unknown) => this.ctx.errors.record('maintenance', error));
  }
}
