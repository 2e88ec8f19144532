/**
 * The statements one `GET /api/traces/{id}` sends, and their plans: the route's own SQL is captured
 * as it goes to Postgres (postgres.js's `debug` hook), then each statement that reads the trace's
 * tables is run again under EXPLAIN (ANALYZE, BUFFERS) with the same parameters. A plan is printed
 * compactly, one line per node: its type, relation and index, actual rows, loops, rows a filter threw
 * away, heap fetches of index-only scans and shared buffers hit/read. Sibling nodes that differ only
 * by partition (an Append over the day partitions) are folded into one line with a count.
 */
import type postgres from 'postgres';

export interface Captured {
  query: string;
  params: unknown[];
}

/** Collects the statements sent while `on` is true. Pass `hook` as postgres.js's `debug` option. */
export class StatementCapture {
  on = false;
  readonly statements: Captured[] = [];
  readonly hook = (_connection: number, query: string, params: unknown[]): void => {
    if (this.on) this.statements.push({ query, params: [...params] });
  };
}

/** The tables a trace reads; statements that touch none (authentication, masking rules) are skipped. */
const TRACE_TABLES = /\b(events|deliveries|dead_letters|replay_job_letters|delivery_consumers)\b/;

export interface PlanNode {
  line: string;
  depth: number;
}

export interface ExplainedStatement {
  sql: string;
  executionMs: number;
  planningMs: number;
  rows: number;
  sharedHit: number;
  sharedRead: number;
  nodes: PlanNode[];
}

interface RawPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Parent Relationship'?: string;
  'Subplan Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Heap Fetches'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Actual Total Time'?: number;
  Plans?: RawPlan[];
}

/** A partition's name or its index's, with the day replaced: `events_p20261203_…` → `events_p*_…`. */
const unpartitioned = (name: string | undefined): string | undefined =>
  name?.replace(/events_(p\d{8}|default)/g, 'events_p*');

function signature(node: RawPlan): string {
  return [
    node['Node Type'],
    unpartitioned(node['Relation Name']),
    unpartitioned(node['Index Name']),
    node['Subplan Name'],
    (node.Plans ?? []).map(signature).join('|'),
  ].join('/');
}

/** Flattens a plan into lines, folding runs of siblings that differ only by partition. */
function flatten(nodes: readonly RawPlan[], depth: number, out: PlanNode[]): void {
  const groups = new Map<string, RawPlan[]>();
  for (const node of nodes) {
    const key = signature(node);
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const sum = (field: keyof RawPlan): number =>
      group.reduce(
        (total, n) =>
          total + Number(n[field] ?? 0) * (field === 'Actual Rows' ? Number(n['Actual Loops'] ?? 1) : 1),
        0,
      );
    const parts = [
      `${group.length > 1 ? `${group.length}× ` : ''}${first['Subplan Name'] ? `[${first['Subplan Name']}] ` : ''}${first['Node Type']}`,
    ];
    if (first['Index Name']) parts.push(`using ${unpartitioned(first['Index Name'])}`);
    if (first['Relation Name']) parts.push(`on ${unpartitioned(first['Relation Name'])}`);
    parts.push(`rows ${sum('Actual Rows').toLocaleString('en-US')}`);
    const loops = sum('Actual Loops');
    if (loops > group.length) parts.push(`loops ${loops.toLocaleString('en-US')}`);
    const removed = sum('Rows Removed by Filter') + sum('Rows Removed by Index Recheck');
    if (removed > 0) parts.push(`filtered out ${removed.toLocaleString('en-US')}`);
    if (first['Heap Fetches'] !== undefined)
      parts.push(`heap fetches ${sum('Heap Fetches').toLocaleString('en-US')}`);
    parts.push(
      `buffers hit ${sum('Shared Hit Blocks').toLocaleString('en-US')} read ${sum('Shared Read Blocks').toLocaleString('en-US')}`,
    );
    parts.push(`${Math.max(...group.map((n) => n['Actual Total Time'] ?? 0)).toFixed(2)} ms`);
    out.push({ depth, line: parts.join('  ') });
    flatten(
      group.flatMap((n) => n.Plans ?? []),
      depth + 1,
      out,
    );
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of every captured statement that reads the trace's tables. */
export async function explainCaptured(
  sql: postgres.Sql,
  captured: readonly Captured[],
): Promise<ExplainedStatement[]> {
  const seen = new Set<string>();
  const out: ExplainedStatement[] = [];
  for (const { query, params } of captured) {
    if (!TRACE_TABLES.test(query) || !/^\s*(select|with)\b/i.test(query) || seen.has(query)) continue;
    seen.add(query);
    const [row] = await sql.unsafe<
      { 'QUERY PLAN': { Plan: RawPlan; 'Execution Time': number; 'Planning Time': number }[] }[]
    >(`explain (analyze, buffers, format json) ${query}`, params as postgres.ParameterOrJSON<never>[]);
    const result = row!['QUERY PLAN'][0]!;
    const nodes: PlanNode[] = [];
    flatten([result.Plan], 0, nodes);
    out.push({
      sql: query.replace(/\s+/g, ' ').trim(),
      executionMs: result['Execution Time'],
      planningMs: result['Planning Time'],
      rows: (result.Plan['Actual Rows'] ?? 0) * (result.Plan['Actual Loops'] ?? 1),
      sharedHit: result.Plan['Shared Hit Blocks'] ?? 0,
      sharedRead: result.Plan['Shared Read Blocks'] ?? 0,
      nodes,
    });
  }
  return out;
}

/** Lines for the console: a head per statement (time, rows, buffers, the SQL cut short), then its nodes. */
export function planLines(statements: readonly ExplainedStatement[], sqlChars = 110): string[] {
  return statements.flatMap((s, i) => [
    `  #${i + 1} ${s.executionMs.toFixed(2)} ms (+${s.planningMs.toFixed(2)} ms planning), ${s.rows.toLocaleString('en-US')} rows, buffers hit ${s.sharedHit.toLocaleString('en-US')} read ${s.sharedRead.toLocaleString('en-US')}`,
    `     ${s.sql.length > sqlChars ? `${s.sql.slice(0, sqlChars - 1)}…` : s.sql}`,
    ...s.nodes.map((n) => `     ${'  '.repeat(n.depth)}${n.line}`),
  ]);
}
