/**
 * `eventlens rules [show <name>]` and `eventlens processors`: the running stream processors and
 * complex-event rules through the server's API (EVENTLENS_URL, EVENTLENS_TOKEN): heartbeats come from
 * Redis, matches and alerts from the store, masked for the token's role.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { ProcessorSummary, RuleDetail, RuleSummary } from '@/server/contracts/rules';
import { apiTarget, callApi } from './api';
import { UsageError } from './errors';
import { positiveIntUpTo } from './options';
import { out, outJson } from './output';
import { describeRule, processorRows, ruleRows } from './rules-format';

/** The server's page size bound (RuleAlertsQuery). */
const ALERTS_MAX = 200;

export function registerRules(program: Command): void {
  const rules = program
    .command('rules')
    .description('complex-event rules: matches per hour and last match (via the server)')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) => list(options));
  rules
    .command('show')
    .description('one rule: its definition, matches per minute and latest alerts')
    .argument('<name>', 'rule (processor) name')
    .option('--limit <n>', `at most n alerts (up to ${ALERTS_MAX}; default 20)`, positiveIntUpTo(ALERTS_MAX))
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .option('--json', 'the API answer (masked for your role)')
    // `--json` is also the parent's option: commander gives it to `rules` when both declare it
    .action((name: string, options: ShowOptions, command: Command) =>
      show(name, { ...options, json: options.json === true || command.parent?.opts().json === true }),
    );
  program
    .command('processors')
    .description('running stream processors: kind, inputs, output, rate, lag, errors (via the server)')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) => processors(options));
}

interface ShowOptions {
  limit?: number;
  cursor?: string;
  json?: boolean;
}

async function list(options: { json?: boolean }): Promise<void> {
  const rules = await callApi(apiTarget('rules'), 'GET', '/api/rules', z.array(RuleSummary));
  if (options.json) for (const rule of rules) outJson(rule);
  else if (rules.length === 0) out('no rules running');
  else for (const line of ruleRows(rules, Date.now())) out(line);
}

export function rulePath(name: string, options: Pick<ShowOptions, 'limit' | 'cursor'>): string {
  const query = new URLSearchParams();
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.cursor !== undefined) query.set('cursor', options.cursor);
  const text = query.toString();
  return `/api/rules/${encodeURIComponent(name)}${text ? `?${text}` : ''}`;
}

async function show(name: string, options: ShowOptions): Promise<void> {
  if (name.trim() === '' || name.length > 100)
    throw new UsageError('the rule name must be 1 to 100 characters');
  const detail = await callApi(apiTarget('rules show'), 'GET', rulePath(name, options), RuleDetail);
  if (options.json) outJson(detail);
  else for (const line of describeRule(detail, Date.now())) out(line);
}

async function processors(options: { json?: boolean }): Promise<void> {
  const list = await callApi(apiTarget('processors'), 'GET', '/api/processors', z.array(ProcessorSummary));
  if (options.json) for (const p of list) outJson(p);
  else if (list.length === 0) out('no stream processors running');
  else for (const line of processorRows(list)) out(line);
}
