/**
 * `eventlens dlq groups`: the recorded dead letters grouped by failure fingerprint, biggest first,
 * read through the server's API (EVENTLENS_URL, EVENTLENS_TOKEN) like the page does.
 */
import type { Command } from 'commander';
import { DeadLetterGroups } from '@/server/contracts/dead-letter-list';
import type { DeadLetterCategory } from '@/server/contracts/envelope';
import { apiTarget, callApi } from './api';
import { category, collect } from './options';
import { out, outJson, table, truncate } from './output';

interface GroupsOptions {
  topic?: string[];
  group?: string[];
  category?: DeadLetterCategory[];
  status?: string;
  from?: string;
  json?: boolean;
}

export function registerDlqGroups(dlq: Command): void {
  dlq
    .command('groups')
    .description('dead letters grouped by failure fingerprint, most letters first (via the server)')
    .option('--topic <topic>', 'only this topic (repeat for several)', collect<string>)
    .option('--group <group>', 'only this consumer group (repeat for several)', collect<string>)
    .option(
      '--category <category>',
      'only this category (repeat for several)',
      (value: string, previous?: DeadLetterCategory[]) => [...(previous ?? []), category(value)],
    )
    .option('--status <status>', 'pending (default), replaying, replayed, discarded or all')
    .option('--from <time>', 'last failure at or after: ISO time, epoch ms or a duration ago (15m, 2h, 7d)')
    .option('--json', 'one JSON object per group and line')
    .action((options: GroupsOptions) => groups(options));
}

export function groupsPath(options: GroupsOptions): string {
  const query = new URLSearchParams();
  for (const key of ['topic', 'group', 'category'] as const) {
    for (const value of options[key] ?? []) query.append(key, value);
  }
  if (options.status !== undefined) query.set('status', options.status);
  if (options.from !== undefined) query.set('from', options.from);
  const text = query.toString();
  return `/api/dead-letters/groups${text ? `?${text}` : ''}`;
}

async function groups(options: GroupsOptions): Promise<void> {
  const target = apiTarget('dlq groups');
  const answer = await callApi(target, 'GET', groupsPath(options), DeadLetterGroups);
  if (options.json) {
    for (const group of answer.groups) outJson(group);
    return;
  }
  if (answer.groups.length === 0) {
    out('no dead letters');
    return;
  }
  const rows = answer.groups.map((g) => [
    g.fingerprint || '(not yet)',
    g.topic,
    g.group,
    truncate(`${g.errorName}: ${g.pattern}`, 70),
    String(g.count),
    g.lastSeen,
  ]);
  for (const line of table(['FINGERPRINT', 'TOPIC', 'GROUP', 'ERROR', 'COUNT', 'LAST SEEN'], rows)) out(line);
  const shown = answer.groups.reduce((sum, g) => sum + g.count, 0);
  if (shown < answer.total) out(`(${answer.total - shown} more letters in smaller groups)`);
}
