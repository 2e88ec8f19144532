/**
 * `eventlens sagas list|show|retry|compensate|abort|resolve`: saga instances through the server's API
 * (EVENTLENS_URL, EVENTLENS_TOKEN). Reads too, because instances live in the store (Postgres), masked for
 * the token's role; actions because they are authorised (operator) and audited there.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { SAGA_STATUSES, type SagaStatus } from '@/server/contracts/saga-events';
import {
  SagaActionResult,
  SagaDetail,
  SagaPage,
  type SagaAction,
  type SagaActionRequest,
} from '@/server/contracts/sagas';
import { apiTarget, callApi } from './api';
import { UsageError } from './errors';
import { collect, positiveIntUpTo } from './options';
import { err, out, outJson } from './output';
import { actionLine, describeSaga, sagaRows } from './saga-format';

export interface SagaListOptions {
  definition?: string;
  status?: SagaStatus[];
  stuck?: boolean;
  correlationId?: string;
  limit?: number;
  cursor?: string;
  json?: boolean;
}

/** The server's page size bound (SagaListQuery). */
const LIST_MAX = 500;
const REASON_MAX = 1_000;

function sagaStatus(value: string): SagaStatus {
  const found = SAGA_STATUSES.find((s) => s === value);
  if (!found) throw new InvalidArgumentError(`expected one of ${SAGA_STATUSES.join(', ')}.`);
  return found;
}

/** The server trims the reason and refuses a blank one: say so before calling it. */
function reasonText(value: string): string {
  const reason = value.trim();
  if (reason === '') throw new InvalidArgumentError('expected a reason, not blank.');
  if (reason.length > REASON_MAX)
    throw new InvalidArgumentError(`expected at most ${REASON_MAX} characters.`);
  return reason;
}

const ACTIONS: { action: SagaAction; description: string }[] = [
  {
    action: 'retry',
    description:
      'stuck: run the failing compensation again; compensated, with --rerun: run the saga again from its first step',
  },
  { action: 'compensate', description: 'running: stop going forward and undo the completed steps' },
  { action: 'abort', description: 'running, compensating or stuck: stop where it is, without compensating' },
];

export function registerSagas(program: Command): void {
  const sagas = program
    .command('sagas')
    .description('saga instances: list, show, retry, compensate, abort, resolve (via the server)');
  sagas
    .command('list')
    .description('saga instances, newest activity first')
    .option('--definition <name>', 'only this definition (name or name@version)')
    .option(
      '--status <status>',
      `only this status (repeat for several): ${SAGA_STATUSES.join(', ')}`,
      (v, p) => collect(sagaStatus(v), p as SagaStatus[] | undefined),
    )
    .option('--stuck', 'stuck instances only (the operator queue)')
    .option('--correlation-id <id>', 'only the instances of this trace')
    .option('--limit <n>', `at most n instances (up to ${LIST_MAX}; default 100)`, positiveIntUpTo(LIST_MAX))
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .option('--json', 'one JSON object per line')
    .action((options: SagaListOptions) => list(options));
  sagas
    .command('show')
    .description('one instance: its steps with their compensations, attempts, actions and what it allows')
    .argument('<id>', 'saga id')
    .option('--json', 'the API answer (masked for your role)')
    .action((id: string, options: { json?: boolean }) => show(id, options));
  for (const { action, description } of ACTIONS) {
    const command = sagas
      .command(action)
      .description(`${description} (operator)`)
      .argument('<id>', 'saga id')
      .option('--reason <text>', 'why (recorded with the action and in the audit log)', reasonText)
      .option('--json', 'the API answer');
    if (action === 'retry')
      command.option('--rerun', 'a compensated saga: run it again from its first step (asked for by name)');
    command.action((id: string, options: ActionOptions) => act(action, id, options));
  }
  sagas
    .command('resolve')
    .description('stuck: mark the stuck compensation done by hand, so the rollback goes on (operator)')
    .argument('<id>', 'saga id')
    .requiredOption('--reason <text>', 'what was done by hand to undo the step (required)', reasonText)
    .option('--json', 'the API answer')
    .action((id: string, options: ActionOptions) => act('resolve', id, options));
}

export function sagaListPath(options: SagaListOptions): string {
  const query = new URLSearchParams();
  if (options.definition !== undefined) query.set('definition', options.definition);
  for (const status of options.status ?? []) query.append('status', status);
  if (options.stuck) query.set('stuck', 'true');
  if (options.correlationId !== undefined) query.set('correlationId', options.correlationId);
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.cursor !== undefined) query.set('cursor', options.cursor);
  const text = query.toString();
  return `/api/sagas${text ? `?${text}` : ''}`;
}

const sagaPath = (id: string): string => `/api/sagas/${encodeURIComponent(id)}`;

function checkId(id: string): void {
  if (id.trim() === '' || id.length > 512) throw new UsageError('the saga id must be 1 to 512 characters');
}

async function list(options: SagaListOptions): Promise<void> {
  const page = await callApi(apiTarget('sagas list'), 'GET', sagaListPath(options), SagaPage);
  if (options.json) {
    for (const saga of page.items) outJson(saga);
    // stderr: stdout stays one saga per line
    if (page.nextCursor) err(`next page: --cursor ${page.nextCursor}`);
    return;
  }
  if (page.items.length === 0) out('no sagas');
  else for (const line of sagaRows(page.items, Date.now())) out(line);
  if (page.nextCursor) out(`next page: --cursor ${page.nextCursor}`);
}

async function show(id: string, options: { json?: boolean }): Promise<void> {
  checkId(id);
  const detail = await callApi(apiTarget('sagas show'), 'GET', sagaPath(id), SagaDetail);
  if (options.json) outJson(detail);
  else for (const line of describeSaga(detail, Date.now())) out(line);
}

interface ActionOptions {
  reason?: string;
  rerun?: boolean;
  json?: boolean;
}

async function act(action: SagaAction, id: string, options: ActionOptions): Promise<void> {
  checkId(id);
  const body: SagaActionRequest = {
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.rerun ? { expectStatus: 'compensated' as const } : {}),
  };
  const result = await callApi(
    apiTarget(`sagas ${action}`),
    'POST',
    `${sagaPath(id)}/${action}`,
    SagaActionResult,
    body,
  );
  if (options.json) outJson(result);
  else out(actionLine(result));
}
