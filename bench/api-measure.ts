/**
 * bench:api's client: sequential GETs over keep-alive connections (node:http, one socket per variant),
 * timed from the request's start to the body's last byte, in interleaved rounds: each round sends
 * every variant the same slice of paths, and the variant that goes first rotates from round to round,
 * so neither drift on the shared machine nor a cache warmed by the previous variant favours one.
 */
import { Agent, request } from 'node:http';
import { percentile, round } from './support';

export interface Variant {
  name: string;
  url: string;
  headers: Record<string, string>;
}

export interface Stats {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

interface Reply {
  status: number;
  body: string;
  /** The handler's own time, from the route server's Server-Timing header. */
  serverMs: number | null;
}

const HANDLER_TIMING = /handler;dur=([\d.]+)/;

/** One client per variant: its own keep-alive socket, as one browser tab or script would hold. */
export class Client {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly variant: Variant) {}

  get(path: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.variant.url}${path}`,
        { agent: this.agent, headers: this.variant.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const timing = HANDLER_TIMING.exec(String(res.headers['server-timing'] ?? ''));
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
              serverMs: timing ? Number(timing[1]) : null,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean: round(sorted.reduce((sum, t) => sum + t, 0) / Math.max(1, sorted.length)),
  };
}

export interface RoundsResult {
  times: Map<string, number[]>;
  /** The same requests' time inside the handler (no client, socket or HTTP parsing), by variant. */
  serverTimes: Map<string, number[]>;
  /** Answers other than 200, by variant. */
  failures: Map<string, number>;
}

/**
 * Sends `paths` to every client in `rounds` interleaved rounds; `inspect` sees each answer (outside
 * the timed span) to check what came back.
 */
export async function runRounds(
  clients: readonly Client[],
  paths: readonly string[],
  rounds: number,
  inspect: (variant: string, reply: Reply) => void = () => {},
): Promise<RoundsResult> {
  const times = new Map(clients.map((c) => [c.variant.name, [] as number[]]));
  const serverTimes = new Map(clients.map((c) => [c.variant.name, [] as number[]]));
  const failures = new Map(clients.map((c) => [c.variant.name, 0]));
  const size = Math.ceil(paths.length / rounds);
  for (let r = 0; r < rounds; r++) {
    const slice = paths.slice(r * size, (r + 1) * size);
    const order = clients.map((_, i) => clients[(i + r) % clients.length]!);
    for (const client of order) {
      const name = client.variant.name;
      for (const path of slice) {
        const started = performance.now();
        const reply = await client.get(path);
        times.get(name)!.push(performance.now() - started);
        if (reply.serverMs !== null) serverTimes.get(name)!.push(reply.serverMs);
        if (reply.status !== 200) failures.set(name, failures.get(name)! + 1);
        inspect(name, reply);
      }
    }
  }
  return { times, serverTimes, failures };
}
