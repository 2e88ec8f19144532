import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

/**
 * One logger per process, children per component (`log.child({ component })`): JSON lines for log
 * collectors, or readable lines when a person watches a terminal (`npm run demo`), where the JSON hid
 * the one line a newcomer needs (the URL to open).
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  format: LogFormat = process.stdout.isTTY ? 'pretty' : 'json',
  /** Where JSON lines go instead of stdout (tests read them back). */
  destination?: DestinationStream,
): Logger {
  const options = { level, base: { pid: process.pid, ...base }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return destination ? pino(options, destination) : pino(options);
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY,
      singleLine: true,
      ignore: 'pid,hostname,service',
      translateTime: 'SYS:HH:MM:ss.l',
    }),
  );
}
