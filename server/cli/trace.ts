/**
 * `eventlens trace <correlationId>`: one trace's causation tree, deliveries, warnings and critical
 * path, read through the server's API (EVENTLENS_URL, EVENTLENS_TOKEN) like the Traces page, so it is
 * masked for the token's role. Pages through `GET /api/traces/{id}` up to `--limit` rows.
 */
import type { Command } from 'commander';
import { TRACE_PAGE_MAX, TraceDetail } from '@/server/contracts/traces';
import { apiTarget, callApi } from './api';
import { UsageError } from './errors';
import { positiveInt } from './options';
import { out, outJson } from './output';
import { criticalPathLines, nodeLines, traceHead, warningLines } from './trace-format';

interface TraceOptions {
  limit: number;
  json?: boolean;
}

const DEFAULT_ROWS = 500;

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description(
      "a correlation id's causation tree with deliveries, warnings and critical path (via the server)",
    )
    .argument('<correlationId>', 'the correlation id of the trace')
    .option('--limit <n>', 'show at most n rows of the tree', positiveInt, DEFAULT_ROWS)
    .option('--json', 'the API answer as it came (masked for your role), one JSON object per page')
    .action((correlationId: string, options: TraceOptions) => trace(correlationId, options));
}

export function tracePath(correlationId: string, limit: number, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  return `/api/traces/${encodeURIComponent(correlationId)}?${query.toString()}`;
}

async function trace(correlationId: string, options: TraceOptions): Promise<void> {
  if (correlationId.trim() === '' || correlationId.length > 256)
    throw new UsageError('the correlation id must be 1 to 256 characters');
  const target = apiTarget('trace');
  const pages: TraceDetail[] = [];
  let cursor: string | null = null;
  let rows = 0;
  do {
    const limit = Math.min(TRACE_PAGE_MAX, options.limit - rows);
    const page: TraceDetail = await callApi(
      target,
      'GET',
      tracePath(correlationId, limit, cursor),
      TraceDetail,
    );
    pages.push(page);
    rows += page.nodes.length;
    cursor = page.nextCursor;
  } while (cursor !== null && rows < options.limit);

  if (options.json) {
    for (const page of pages) outJson(page);
    return;
  }
  const first = pages[0]!;
  for (const line of traceHead(first)) out(line);
  out();
  for (const page of pages) for (const node of page.nodes) for (const line of nodeLines(node)) out(line);
  if (rows < first.totalNodes) {
    out(
      `… ${first.totalNodes - rows} more rows of ${first.totalNodes} (--limit ${first.totalNodes} shows them all)`,
    );
  }
  const warnings = warningLines(first);
  if (warnings.length > 0) out();
  for (const line of warnings) out(line);
  out();
  for (const line of criticalPathLines(first)) out(line);
}
