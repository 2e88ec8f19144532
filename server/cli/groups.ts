/**
 * `eventlens groups`: per registered topic, its length and each consumer group's lag with the lag
 * model's verdict and time to clear (the console's words), pending and consumers.
 */
import type { Command } from 'commander';
import { describeTopics, type TopicInfo } from '@/server/bus/inspect';
import { LAG_VERDICT_TEXT, type LagModel } from '@/server/contracts/lag';
import { loadEnv } from '@/server/env';
import { clearsIn, groupLagModels } from './lag-models';
import { duration, out, outJson, table } from './output';
import { withBus } from './session';

/** Consumers shown per group in the table (all of them in --json). */
const MAX_CONSUMERS_SHOWN = 20;

export function registerGroups(program: Command): void {
  program
    .command('groups')
    .description(
      'consumer groups of every registered topic: lag and its verdict, pending, last delivered id, consumers',
    )
    .option('--json', 'one JSON object per topic per line')
    .action((options: { json?: boolean }) => groups(options));
}

async function groups(options: { json?: boolean }): Promise<void> {
  await withBus(async ({ bus, redis }) => {
    const topics = [...(await bus.topics.list()).keys()].sort();
    const infos = await describeTopics(redis, bus.keys, topics);
    const models = await groupLagModels(infos, loadEnv().DATABASE_URL);
    if (options.json) {
      for (const info of infos) {
        const groups = info.groups.map((g) => ({ ...g, lagModel: models.get(`${info.topic}/${g.name}`) }));
        outJson({ ...info, groups });
      }
      return;
    }
    if (infos.length === 0) {
      out(`no registered topics under prefix "${bus.keys.prefix}"`);
      return;
    }
    for (const line of groupsTable(infos, models)) out(line);
  });
}

/** One row per group, its consumers indented below it; a topic without groups gets one row. */
export function groupsTable(
  infos: readonly TopicInfo[],
  models: ReadonlyMap<string, LagModel> = new Map(),
): string[] {
  const rows: string[][] = [];
  for (const info of infos) {
    const length = info.exists ? String(info.length) : '0 (no stream)';
    if (info.groups.length === 0) rows.push([info.topic, length, '(no groups)', '', '', '', '', '', '']);
    info.groups.forEach((group, g) => {
      const model = models.get(`${info.topic}/${group.name}`);
      rows.push([
        g === 0 ? info.topic : '',
        g === 0 ? length : '',
        group.name,
        group.lag === null ? '?' : String(group.lag),
        model ? LAG_VERDICT_TEXT[model.state] : '-',
        clearsIn(model, duration),
        String(group.pending),
        group.lastDeliveredId,
        `${group.consumers} consumer${group.consumers === 1 ? '' : 's'}`,
      ]);
      for (const consumer of group.consumerList.slice(0, MAX_CONSUMERS_SHOWN)) {
        rows.push([
          '',
          '',
          `  ${consumer.name}`,
          '',
          '',
          '',
          String(consumer.pending),
          '',
          `idle ${duration(consumer.idleMs)}`,
        ]);
      }
      const hidden = group.consumerList.length - MAX_CONSUMERS_SHOWN;
      if (hidden > 0) rows.push(['', '', `  … ${hidden} more (see --json)`, '', '', '', '', '', '']);
    });
  }
  return table(
    [
      'TOPIC',
      'LENGTH',
      'GROUP / CONSUMER',
      'LAG',
      'VERDICT',
      'CLEARS IN',
      'PENDING',
      'LAST DELIVERED',
      'CONSUMERS / IDLE',
    ],
    rows,
  );
}
