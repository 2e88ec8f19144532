/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self and inclusive time per function, and self time
 * per file. Usage: npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top=25] [filter]
 * `filter` keeps inclusive rows whose location contains it (e.g. server/bus).
 */
import { readFileSync } from 'node:fs';
import { out, table } from './support';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, filter] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-summary <file.cpuprofile> [top] [filter]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const cwd = `file://${process.cwd()}/`;
function where(node: ProfileNode): string {
  const url = node.callFrame.url.replace(cwd, '').replace(/^.*node_modules\//, 'nm/');
  return url ? `${url}:${node.callFrame.lineNumber + 1}` : '';
}
function key(node: ProfileNode): string {
  return `${node.callFrame.functionName || '(anonymous)'} ${where(node)}`.trim();
}
function fileOf(node: ProfileNode): string {
  const url = node.callFrame.url.replace(cwd, '');
  if (!url) return node.callFrame.functionName; // (garbage collector), (program), (idle)
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return nm ? `nm/${nm[1]}` : url.replace(/^node:/, 'node:');
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const files = new Map<string, number>();
let total = 0;
let idle = 0;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1_000;
  const node = byId.get(id)!;
  if (node.callFrame.functionName === '(idle)') {
    idle += dt;
    return;
  }
  total += dt;
  self.set(key(node), (self.get(key(node)) ?? 0) + dt);
  files.set(fileOf(node), (files.get(fileOf(node)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur)!);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
});

const pct = (ms: number): string => `${((ms / total) * 100).toFixed(1)}%`;
const rows = (map: Map<string, number>, keep: (k: string) => boolean = () => true): string[][] =>
  [...map]
    .filter(([k]) => keep(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, ms]) => [k.slice(0, 110), ms.toFixed(0), pct(ms)]);

out(`${file}: ${total.toFixed(0)} ms on CPU (+ ${idle.toFixed(0)} ms idle)`);
out();
out(table(['Self time by file/package', 'ms', 'share'], rows(files)));
out();
out(table(['Self time by function', 'ms', 'share'], rows(self)));
out();
out(
  table(
    [`Inclusive time by function${filter ? ` (${filter})` : ''}`, 'ms', 'share'],
    rows(inclusive, (k) => !filter || k.includes(filter)),
  ),
);
