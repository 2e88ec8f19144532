/**
 * `eventlens aggregates [list]` and `eventlens aggregates show <type> <id> [--at N]`: aggregate types
 * and one aggregate's history through the server's API (EVENTLENS_URL, EVENTLENS_TOKEN), masked for the
 * token's role; states come from the processes that define the type, which the server asks.
 */
import type { Command } from 'commander';
import {
  AGGREGATE_ID,
  AGGREGATE_TYPE_NAME,
  AggregateDetail,
  AggregateTypeList,
  MAX_VERSION,
} from '@/server/contracts/aggregates';
import { describeAggregate, aggregateTypeRows } from './aggregate-format';
import { apiTarget, callApi } from './api';
import { UsageError } from './errors';
import { positiveIntUpTo } from './options';
import { out, outJson } from './output';

export function registerAggregates(program: Command): void {
  const aggregates = program
    .command('aggregates')
    .description(
      'event-sourced aggregates: types with their counters, one aggregate at any version (via the server)',
    )
    .option('--json', 'the API answer')
    .action((options: { json?: boolean }) => list(options));
  // `--json` after a subcommand may land on this command (commander's parsing): read both
  aggregates
    .command('list')
    .description('aggregate types: writers, events/s, appends, conflicts, refused and failed commands')
    .action((_options: object, command: Command) => list(command.optsWithGlobals<{ json?: boolean }>()));
  aggregates
    .command('show')
    .description("one aggregate's history around a version, with the state there and each event's changes")
    .argument('<type>', 'aggregate type')
    .argument('<id>', 'aggregate id')
    .option('--at <version>', 'the version to show (default the latest)', atVersion)
    .option('--json', 'the API answer (masked for your role)')
    .action((type: string, id: string, _options: object, command: Command) =>
      show(type, id, command.optsWithGlobals<{ at?: number; json?: boolean }>()),
    );
}

const atVersion = positiveIntUpTo(MAX_VERSION);

async function list(options: { json?: boolean }): Promise<void> {
  const types = await callApi(apiTarget('aggregates'), 'GET', '/api/aggregates', AggregateTypeList);
  if (options.json) return outJson(types);
  if (types.items.length === 0) out('no aggregate types announced');
  else for (const line of aggregateTypeRows(types.items, Date.now())) out(line);
}

export function aggregatePath(type: string, id: string, at: number | undefined): string {
  return `/api/aggregates/${encodeURIComponent(type)}/${encodeURIComponent(id)}${at === undefined ? '' : `?at=${at}`}`;
}

async function show(type: string, id: string, options: { at?: number; json?: boolean }): Promise<void> {
  if (!AGGREGATE_TYPE_NAME.test(type))
    throw new UsageError(
      `not an aggregate type: ${JSON.stringify(type)} (letters, digits, '.', '_' or '-', up to 100)`,
    );
  if (!AGGREGATE_ID.test(id))
    throw new UsageError(`not an aggregate id: ${JSON.stringify(id)} (1 to 200 characters, no whitespace)`);
  const detail = await callApi(
    apiTarget('aggregates show'),
    'GET',
    aggregatePath(type, id, options.at),
    AggregateDetail,
  );
  if (options.json) outJson(detail);
  else for (const line of describeAggregate(detail)) out(line);
}
