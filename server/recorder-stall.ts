import type { Logger } from './log';
import { maskCredentials } from './access/mask';
import type { Recorder } from './recorder';

const RECORDER_STALL_MS = 5_000;

/**
 * A recorder not ready within seconds says why, once, in one line: the real cause and what to check.
 * (It keeps trying; its errors are logged every 10 s per kind, and /api/health carries the reason.)
 */
export function reportRecorderStall(
  recorder: Recorder,
  log: Pick<Logger, 'warn'>,
  checks: { redis: string; store: string },
  afterMs = RECORDER_STALL_MS,
): void {
  let ready = false;
  void recorder.ready.then(() => (ready = true));
  setTimeout(() => {
    if (ready) return;
    const reason = recorder.status().reason;
    // still preparing with nothing failed (a slow store, many streams): not a failure to report
    if (!reason || reason.startsWith('starting')) return;
    const check = /store/.test(reason) ? checks.store : checks.redis;
    log.warn(
      { reason: maskCredentials(reason) },
      maskCredentials(`recorder cannot start: ${reason}. ${check}`),
    );
  }, afterMs).unref();
}
