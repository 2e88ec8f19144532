/**
 * `eventlens projections [list]` and `eventlens projections rebuild|pause|resume <name>` through the
 * server's API (EVENTLENS_URL, EVENTLENS_TOKEN): the list as the console shows it (errors masked for
 * the token's role), actions because they are authorised (operator) and audited there.
 */
import { InvalidArgumentError, type Command } from 'commander';
import {
  PROJECTION_NAME_PATTERN,
  ProjectionActionResult,
  ProjectionList,
  type ProjectionAction,
  type ProjectionActionRequest,
} from '@/server/contracts/projections';
import { apiTarget, callApi } from './api';
import { UsageError } from './errors';
import { out, outJson } from './output';
import { projectionActionLine, projectionRows } from './projection-format';

const REASON_MAX = 1_000;

function reasonText(value: string): string {
  const reason = value.trim();
  if (reason === '') throw new InvalidArgumentError('expected a reason, not blank.');
  if (reason.length > REASON_MAX)
    throw new InvalidArgumentError(`expected at most ${REASON_MAX} characters.`);
  return reason;
}

const ACTIONS: { action: ProjectionAction; description: string }[] = [
  {
    action: 'rebuild',
    description:
      'build a new generation from the start of every topic; it replaces the active one once caught up',
  },
  { action: 'pause', description: 'stop applying events, in every process running it' },
  { action: 'resume', description: 'go on applying events from the checkpoint' },
];

interface ActionOptions {
  reason?: string;
  allowTrimmed?: boolean;
  json?: boolean;
}

export function registerProjections(program: Command): void {
  const projections = program
    .command('projections')
    .description('projections (read models): list, rebuild, pause, resume (via the server)');
  projections
    .command('list', { isDefault: true })
    .description('every projection: status, generation, lag, rate, errors, last rebuild, processes')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) => list(options));
  for (const { action, description } of ACTIONS) {
    const command = projections
      .command(action)
      .description(`${description} (operator)`)
      .argument('<name>', 'projection name')
      .option('--reason <text>', 'why (recorded in the audit log)', reasonText)
      .option('--json', 'the API answer');
    if (action === 'rebuild')
      command.option(
        '--allow-trimmed',
        'rebuild although a topic lost entries to retention (admin): the new generation will miss them',
      );
    command.action((name: string, options: ActionOptions) => act(action, name, options));
  }
}

async function list(options: { json?: boolean }): Promise<void> {
  const answer = await callApi(apiTarget('projections'), 'GET', '/api/projections', ProjectionList);
  if (options.json) {
    for (const item of answer.items) outJson(item);
    return;
  }
  if (answer.items.length === 0) out('no projections');
  else for (const line of projectionRows(answer.items, Date.parse(answer.generatedAt))) out(line);
}

async function act(action: ProjectionAction, name: string, options: ActionOptions): Promise<void> {
  if (!PROJECTION_NAME_PATTERN.test(name))
    throw new UsageError(`invalid projection name "${name}": letters, digits, '.', '_' or '-' (max 100)`);
  const body: ProjectionActionRequest = {
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.allowTrimmed ? { allowTrimmed: true } : {}),
  };
  const result = await callApi(
    apiTarget(`projections ${action}`),
    'POST',
    `/api/projections/${encodeURIComponent(name)}/${action}`,
    ProjectionActionResult,
    body,
  );
  if (options.json) outJson(result);
  else out(projectionActionLine(result));
}
