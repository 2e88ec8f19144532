import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { deletePrefix, testRedis } from '@/server/testing/redis';

export interface NpmScriptServer {
  /** The URL the "EventLens is up" line printed. */
  url: string;
  /** When that line appeared (ms since the epoch). */
  upAt: number;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface NpmScriptOptions {
  script: 'demo' | 'dev';
  port: number;
  /** How long to wait for the "EventLens is up" line. */
  timeoutMs: number;
  /** Variables a newcomer would set themselves (e.g. EVENTLENS_ADMIN_* for `npm run dev`). */
  env?: Record<string, string>;
}

const UP = /EventLens is up[^\n]*?(http:\/\/[\w.:[\]-]+)/;

/**
 * Runs `npm run <script>` exactly as a newcomer types it, isolated by environment only: a fresh data
 * directory (so the embedded store is new), its own port and Redis key prefix, and a recorder that reads
 * only this run's streams. Resolves once the server prints its "up" line; `stop()` ends the whole
 * process group (npm, tsx and the server) and removes what the run left behind.
 */
export async function startNpmScript(options: NpmScriptOptions): Promise<NpmScriptServer> {
  const dataDir = await mkdtemp(join(tmpdir(), `eventlens-${options.script}-`));
  const prefix = `e2e${options.script}${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    EVENTLENS_PREFIX: prefix,
    EVENTLENS_DATA_DIR: dataDir,
    EVENTLENS_STREAMS: `${prefix}*`,
  };
  // the Playwright server's own settings must not leak into a newcomer's run
  for (const name of ['DATABASE_URL', 'NODE_ENV', 'EVENTLENS_DEMO', 'LOG_LEVEL', 'HOST']) delete env[name];
  Object.assign(env, options.env);

  const child = spawn('npm', ['run', options.script], { env, detached: true, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async (): Promise<void> => {
    await endGroup(child);
    await rm(dataDir, { recursive: true, force: true });
    const redis = await testRedis(process.env.REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
  };

  try {
    const url = await waitForUp(child, () => output, options.timeoutMs);
    return { url, upAt: Date.now(), output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForUp(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const up = UP.exec(output());
    if (up?.[1]) return up[1];
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output().slice(-2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no "EventLens is up" line after ${timeoutMs} ms:\n${output().slice(-2_000)}`);
}

/** SIGTERM to the group this test started (never by name); SIGKILL what is left after 15 s. */
async function endGroup(child: ChildProcess): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  const signal = (name: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-group, name);
      return true;
    } catch {
      return false; // ESRCH: every process of the group has ended
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (signal(0)) {
    if (Date.now() > deadline) signal('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
