/**
 * `eventlens dlq list|show|replay|discard|jobs|cancel` (replay jobs: dlq-replay.ts). Ids are `<topic>/<entry id>`. `list` and `show` read Redis
 * through `bus.deadLetters`; `replay` and `discard` change state, so they go through the server's API
 * (EVENTLENS_URL, EVENTLENS_TOKEN) where they are authorised, recorded in the store and audited. Every
 * replay, of ids given as arguments too, is a replay job (POST /api/replays): never a direct replay.
 */
import type { Command } from 'commander';
import { DeadLetterDiscarded } from '@/server/contracts/dead-letter-actions';
import { assertTopic } from '@/server/bus/topics';
import type { DeadLetter } from '@/server/contracts/dead-letter';
import type { DeadLetterCategory } from '@/server/contracts/envelope';
import { CliError, EXIT, messageOf } from './errors';
import { category, positiveInt } from './options';
import { err, isoTime, out, outJson, truncate, table } from './output';
import { withBus } from './session';
import { apiTarget, postApi, ServerUnreachableError, type ApiTarget } from './api';
import { registerDlqGroups } from './dlq-groups';
import { registerReplayJobs, replayJob, replayJobOptions, type ReplayJobOptions } from './dlq-replay';

interface ListOptions {
  topic?: string;
  category?: DeadLetterCategory;
  count: number;
  json?: boolean;
}

export function registerDlq(program: Command): void {
  const dlq = program.command('dlq').description('dead letters: list, show, groups, replay, discard');
  dlq
    .command('list')
    .description('newest dead letters first, of one topic or of every registered topic')
    .option('--topic <topic>', 'only this topic')
    .option('--category <category>', 'only this category', category)
    .option('--count <n>', 'at most n dead letters', positiveInt, 50)
    .option('--json', 'one JSON object per line')
    .action((options: ListOptions) => list(options));
  dlq
    .command('show')
    .description('one dead letter in full: error, stack and the original entry')
    .argument('<id>', 'dead-letter id, <topic>/<entry id>')
    .option('--json', 'as JSON')
    .action((id: string, options: { json?: boolean }) => show(id, options));
  registerDlqGroups(dlq);
  replayJobOptions(
    dlq
      .command('replay')
      .description(
        'replay dead letters as a paced, audited job (ids, --fingerprint or --filter-*) via the server',
      )
      .argument('[id...]', 'dead-letter ids (the same as --id)'),
  ).action((ids: string[], options: ReplayJobOptions) =>
    // every replay is a job, ids given as arguments too: paced, resumable, one per letter, audited once
    replayJob(ids.length > 0 ? { ...options, id: [...(options.id ?? []), ...ids] } : options),
  );
  registerReplayJobs(dlq);
  dlq
    .command('discard')
    .description('remove dead letters without replaying them (via the server)')
    .argument('<id...>', 'dead-letter ids')
    .action((ids: string[]) => eachId(apiTarget('dlq discard'), ids, 'discarded', discardOne));
}

async function list(options: ListOptions): Promise<void> {
  if (options.topic !== undefined) assertTopic(options.topic);
  await withBus(async ({ bus }) => {
    const topics = options.topic ? [options.topic] : [...(await bus.topics.list()).keys()].sort();
    const letters = (
      await bus.deadLetters.list({ topics, count: options.count, category: options.category })
    ).slice(0, options.count);
    if (options.json) {
      for (const letter of letters) outJson(letter);
      return;
    }
    if (letters.length === 0) {
      out('no dead letters');
      return;
    }
    const rows = letters.map((l) => [
      l.id,
      isoTime(l.lastFailureAt),
      l.category,
      String(l.attempts),
      l.group,
      l.eventType ?? '(foreign)',
      truncate(`${l.errorName}: ${l.errorMessage}`, 80),
    ]);
    for (const line of table(
      ['ID', 'LAST FAILURE', 'CATEGORY', 'ATTEMPTS', 'GROUP', 'TYPE', 'ERROR'],
      rows,
    )) {
      out(line);
    }
  });
}

async function show(id: string, options: { json?: boolean }): Promise<void> {
  await withBus(async ({ bus }) => {
    const letter = await bus.deadLetters.show(id);
    if (options.json) outJson(letter);
    else for (const line of describe(letter)) out(line);
  });
}

export function describe(l: DeadLetter): string[] {
  const lines = [
    `id:              ${l.id}`,
    `topic:           ${l.topic}`,
    `original entry:  ${l.entryId} (${l.stream})`,
    `group:           ${l.group}`,
    `consumer:        ${l.consumer}`,
    `category:        ${l.category}`,
    `attempts:        ${l.attempts}`,
    `first failure:   ${isoTime(l.firstFailureAt)}`,
    `last failure:    ${isoTime(l.lastFailureAt)}`,
    `event type:      ${l.eventType ?? '(foreign entry)'}`,
    `event id:        ${l.eventId ?? '-'}`,
    `correlation id:  ${l.correlationId ?? '-'}`,
    `error:           ${l.errorName}: ${l.errorMessage}`,
  ];
  // the stack's first line repeats the error
  const frames = l.errorStack
    .split('\n')
    .filter((s, i) => s.trim() !== '' && (i > 0 || !s.startsWith(l.errorName)));
  if (frames.length > 0) lines.push('stack:', ...frames.map((s) => `  ${s.trim()}`));
  lines.push('entry fields:');
  for (const [field, value] of Object.entries(l.raw)) {
    lines.push(`  ${field}:`, ...prettyJson(value).map((s) => `    ${s}`));
  }
  return lines;
}

function prettyJson(value: string): string[] {
  try {
    return JSON.stringify(JSON.parse(value), null, 2).split('\n');
  } catch {
    return [value];
  }
}

const actionPath = (id: string, action: 'discard'): string =>
  `/api/dead-letters/${encodeURIComponent(id)}/${action}`;

async function discardOne(target: ApiTarget, id: string): Promise<string> {
  await postApi(target, actionPath(id, 'discard'), DeadLetterDiscarded);
  return `discarded ${id}`;
}

/** Acts on each id; reports every failure and exits 1 if any failed. An unreachable server stops at once. */
async function eachId(
  target: ApiTarget,
  ids: readonly string[],
  verb: string,
  act: (target: ApiTarget, id: string) => Promise<string>,
): Promise<void> {
  const unique = [...new Set(ids)];
  let failed = 0;
  for (const id of unique) {
    try {
      out(await act(target, id));
    } catch (error) {
      if (error instanceof ServerUnreachableError) throw error;
      if (unique.length === 1) throw error;
      err(messageOf(error));
      failed += 1;
    }
  }
  if (failed > 0) {
    throw new CliError(`${failed} of ${unique.length} dead letters not ${verb}`, EXIT.failed);
  }
}
