/**
 * `eventlens dlq replay --id … | --fingerprint F | --filter-topic … [--failed-group | --group G | --topic T] [--rate N]
 * [--dry-run] [--wait]`, `eventlens dlq jobs`, `eventlens dlq cancel <job>`: replay jobs through the
 * server's API (authorised, paced, audited). `--wait` follows the job and exits 0 only when every
 * letter succeeded. `dlq replay <id>…` (ids as arguments) is the same as `--id`: a job too.
 */
import type { Command } from 'commander';
import type { DeadLetterCategory } from '@/server/contracts/envelope';
import {
  ReplayJob,
  ReplayJobPage,
  ReplayPlan,
  type ReplayRequest,
  type ReplaySelection,
} from '@/server/contracts/replays';
import { apiTarget, callApi, type ApiTarget } from './api';
import { CliError, EXIT, UsageError } from './errors';
import { category, collect, positiveInt } from './options';
import { out, outJson, table } from './output';

export interface ReplayJobOptions {
  id?: string[];
  fingerprint?: string;
  filterTopic?: string[];
  filterCategory?: DeadLetterCategory[];
  group?: string;
  topic?: string;
  failedGroup?: boolean;
  rate?: number;
  dryRun?: boolean;
  wait?: boolean;
  json?: boolean;
}

/** Options of `dlq replay` that make a job (the command itself is declared in dlq.ts). */
export function replayJobOptions(command: Command): Command {
  return command
    .option('--id <id>', 'a dead-letter id (repeat for more)', collect<string>)
    .option('--fingerprint <f>', 'every pending letter of this failure group')
    .option('--filter-topic <topic>', 'pending letters of this topic (repeat for more)', collect<string>)
    .option('--filter-category <category>', 'pending letters of this category (repeat for more)', (v, p) =>
      collect(category(v), p as DeadLetterCategory[] | undefined),
    )
    .option('--failed-group', 'replay each letter only to the consumer group that failed it')
    .option('--group <group>', 'replay to this consumer group only')
    .option('--topic <topic>', 'replay to another topic')
    .option('--rate <n>', 'at most n letters per second (the job ramps up to it)', positiveInt)
    .option('--dry-run', 'show what the replay would do, change nothing')
    .option('--wait', 'follow the job; exit 0 only when every letter succeeded')
    .option('--json', 'as JSON');
}

export function registerReplayJobs(dlq: Command): void {
  dlq
    .command('jobs')
    .description('replay jobs, newest first (via the server)')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) => jobs(options));
  dlq
    .command('cancel')
    .description('cancel a replay job; its letters not replayed yet are free again (via the server)')
    .argument('<job>', 'replay job id')
    .action((id: string) => cancel(id));
}

export async function replayJob(options: ReplayJobOptions, pollMs = 1_000): Promise<void> {
  const target = apiTarget('dlq replay');
  const body: ReplayRequest = {
    selection: selectionOf(options),
    ...(options.failedGroup
      ? { target: { failedGroup: true } }
      : options.group
        ? { target: { group: options.group } }
        : options.topic
          ? { target: { topic: options.topic } }
          : {}),
    ...(options.rate ? { rate: { max: options.rate } } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
  };
  if ([options.failedGroup, options.group, options.topic].filter(Boolean).length > 1)
    throw new UsageError('give one of --failed-group, --group or --topic');
  if (options.dryRun) {
    const plan = await callApi(target, 'POST', '/api/replays', ReplayPlan, body);
    if (options.json) outJson(plan);
    else for (const line of describePlan(plan)) out(line);
    return;
  }
  let job = await callApi(target, 'POST', '/api/replays', ReplayJob, body);
  if (options.json) outJson(job);
  else out(`replay job ${job.id}: ${job.state}, ${job.total} letters`);
  if (job.state === 'awaiting-approval') out('it waits for a second admin to approve it');
  if (!options.wait) return;
  job = await follow(target, job, pollMs, options.json === true);
  if (job.state !== 'completed' || job.succeeded !== job.total) {
    throw new CliError(
      `not every letter succeeded: job ${job.state}, ${job.succeeded} of ${job.total} succeeded, ${job.failedAgain} failed again${job.reason ? ` (${job.reason})` : ''}`,
      EXIT.failed,
    );
  }
}

function selectionOf(o: ReplayJobOptions): ReplaySelection {
  const given = [o.id?.length, o.fingerprint, o.filterTopic?.length || o.filterCategory?.length].filter(
    Boolean,
  );
  if (given.length !== 1)
    throw new UsageError(
      'give ids (or --id), --fingerprint or --filter-topic/--filter-category: one of them',
    );
  if (o.id?.length) return { ids: [...new Set(o.id)] };
  if (o.fingerprint) return { fingerprint: o.fingerprint };
  return {
    filter: {
      ...(o.filterTopic?.length ? { topic: o.filterTopic } : {}),
      ...(o.filterCategory?.length ? { category: o.filterCategory } : {}),
    },
  };
}

const ENDED = new Set(['completed', 'cancelled', 'failed', 'paused']);

/** Polls the job, printing a line whenever its figures change, until it ends (or pauses). */
async function follow(
  target: ApiTarget,
  first: ReplayJob,
  pollMs: number,
  json: boolean,
): Promise<ReplayJob> {
  let job = first;
  let last = '';
  for (;;) {
    const line = progressLine(job);
    if (line !== last) {
      if (json) outJson(job);
      else out(line);
      last = line;
    }
    if (ENDED.has(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    job = await callApi(target, 'GET', `/api/replays/${encodeURIComponent(job.id)}`, ReplayJob);
  }
}

export function progressLine(job: ReplayJob): string {
  const eta = job.etaSeconds !== null ? `, about ${job.etaSeconds} s left` : '';
  const why = job.reason ? ` (${job.reason})` : '';
  return `${job.state}: replayed ${job.replayed}/${job.total}, succeeded ${job.succeeded}, failed again ${job.failedAgain}, remaining ${job.remaining}${eta}${why}`;
}

export function describePlan(plan: ReplayPlan): string[] {
  const counts = (items: { name: string; count: number }[]) =>
    items.length === 0 ? '-' : items.map((i) => `${i.name} (${i.count})`).join(', ');
  const idempotent = (v: boolean | null) =>
    v === null ? 'idempotent: unknown' : v ? 'idempotent' : 'NOT idempotent';
  return [
    `would replay ${plan.count} letters (preview ${plan.previewId}, about ${plan.estimatedSeconds} s)`,
    `topics:              ${counts(plan.topics)}`,
    `receiving groups:    ${plan.groups.length === 0 ? '-' : plan.groups.map((g) => `${g.topic}/${g.name} (${idempotent(g.idempotent)})`).join(', ')}`,
    `correlation chains:  ${plan.correlationChains}`,
    `subjects:            ${plan.subjects}${plan.hotSubjects.length ? `, hot: ${counts(plan.hotSubjects)}` : ''}`,
    `event types:         ${counts(plan.eventTypes)}`,
    `failed after replay: ${plan.failedAfterReplay}`,
    `in other jobs:       ${plan.inOtherJobs} (left out)`,
    `approval:            ${plan.needsApproval ? (plan.approvalReason ?? 'needed') : 'not needed'}`,
  ];
}

async function jobs(options: { json?: boolean }): Promise<void> {
  const target = apiTarget('dlq jobs');
  const page = await callApi(target, 'GET', '/api/replays?limit=50', ReplayJobPage);
  if (options.json) {
    for (const job of page.items) outJson(job);
    return;
  }
  if (page.items.length === 0) {
    out('no replay jobs');
    return;
  }
  const rows = page.items.map((j) => [
    j.id,
    j.state,
    String(j.total),
    String(j.replayed),
    String(j.succeeded),
    String(j.failedAgain),
    j.createdBy,
    j.createdAt,
  ]);
  for (const line of table(
    ['ID', 'STATE', 'TOTAL', 'REPLAYED', 'SUCCEEDED', 'FAILED AGAIN', 'BY', 'CREATED'],
    rows,
  ))
    out(line);
}

async function cancel(id: string): Promise<void> {
  const target = apiTarget('dlq cancel');
  const job = await callApi(target, 'POST', `/api/replays/${encodeURIComponent(id)}/cancel`, ReplayJob);
  out(
    `cancelled replay job ${job.id}: ${job.replayed} of ${job.total} replayed, ${job.skipped} not replayed`,
  );
}
