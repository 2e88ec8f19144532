/**
 * bench:api's client in a process of its own, so that its work (sending, reading and parsing answers)
 * and its garbage never pause the servers it measures. Reads one job as JSON on stdin, runs it with
 * the same interleaved rounds (api-measure.ts) and writes the times as JSON on stdout.
 */
import { Client, runRounds, type Variant } from './api-measure';

export interface ClientJob {
  variants: Variant[];
  warmup: string[];
  paths: string[];
  rounds: number;
  /** Count events per answer and how many came masked (the events endpoint). */
  countItems: boolean;
}

export interface ClientResult {
  times: Record<string, number[]>;
  serverTimes: Record<string, number[]>;
  failures: Record<string, number>;
  items: Record<string, { answers: number; items: number; masked: number }>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const job = JSON.parse(await readStdin()) as ClientJob;
const clients = job.variants.map((variant) => new Client(variant));
try {
  await runRounds(clients, job.warmup, 1);
  const items: ClientResult['items'] = {};
  const run = await runRounds(clients, job.paths, job.rounds, (variant, reply) => {
    if (!job.countItems || reply.status !== 200) return;
    const page = JSON.parse(reply.body) as { items: { masked?: unknown }[] };
    const seen = (items[variant] ??= { answers: 0, items: 0, masked: 0 });
    seen.answers++;
    seen.items += page.items.length;
    seen.masked += page.items.filter((item) => item.masked !== undefined).length;
  });
  const result: ClientResult = {
    times: Object.fromEntries(run.times),
    serverTimes: Object.fromEntries(run.serverTimes),
    failures: Object.fromEntries(run.failures),
    items,
  };
  process.stdout.write(JSON.stringify(result));
} finally {
  for (const client of clients) client.close();
}
