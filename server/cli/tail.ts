/** `eventlens tail <pattern>`: a live view of events as they are appended (nothing is consumed). */
import type { Command } from 'commander';
import { decodeEntry } from '@/server/bus/codec';
import { StreamTail, type TailEntry } from '@/server/bus/tail';
import { assertTopic, isPattern } from '@/server/bus/topics';
import { positiveInt } from './options';
import { err, out, outJson, preview, truncate } from './output';
import { withBus } from './session';

const PREVIEW_CHARS = 120;

interface TailOptions {
  count?: number;
  json?: boolean;
}

export function registerTail(program: Command): void {
  program
    .command('tail')
    .description('print events as they are published: a topic, or a pattern such as "threat.*" or "*"')
    .argument('<pattern>', 'topic name, or a pattern where * matches any characters')
    .option('--count <n>', 'exit after n events', positiveInt)
    .option('--json', 'one JSON object per line')
    .action((pattern: string, options: TailOptions) => tail(pattern, options));
}

async function tail(pattern: string, options: TailOptions): Promise<void> {
  if (!isPattern(pattern)) assertTopic(pattern);
  await withBus(async ({ bus, redis, duplicate }) => {
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const tailer = new StreamTail(redis, await duplicate(), bus.keys, bus.topics, pattern);
      await tailer.start();
      const what = isPattern(pattern) ? `topics matching ${pattern} (${tailer.topics.length} now)` : pattern;
      err(`tailing ${what}; Ctrl-C to stop`);
      let seen = 0;
      for await (const entry of tailer.entries(stop.signal)) {
        if (options.json) outJson(toJson(entry));
        else out(formatLine(entry));
        seen += 1;
        if (options.count !== undefined && seen >= options.count) break;
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

/** time  topic  type  id=…  corr=…  data-preview */
export function formatLine({ topic, entryId, fields }: TailEntry): string {
  const decoded = decodeEntry(fields);
  if (!decoded.ok) {
    const time = new Date(Number(entryId.split('-')[0])).toISOString();
    return `${time}  ${topic}  (foreign ${entryId})  ${truncate(decoded.reason, 60)}  ${preview(decoded.fields, PREVIEW_CHARS)}`;
  }
  const e = decoded.envelope;
  const time = e.time ?? new Date(Number(entryId.split('-')[0])).toISOString();
  const subject = e.subject === undefined ? '' : `  subject=${e.subject}`;
  return `${time}  ${topic}  ${e.type}  id=${e.id}  corr=${e.correlationid ?? '-'}${subject}  ${preview(e.data, PREVIEW_CHARS)}`;
}

function toJson({ topic, entryId, fields }: TailEntry): object {
  const decoded = decodeEntry(fields);
  return decoded.ok
    ? { topic, entryId, event: decoded.envelope }
    : { topic, entryId, fields: decoded.fields, error: decoded.reason };
}
