import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { E2E_ADMIN } from './accounts';

export interface ServerOptions {
  port: number;
  env: Record<string, string>;
  /** Inherit stdio (the Playwright web server) or keep quiet (servers a spec starts itself). */
  quiet?: boolean;
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  /**
   * SIGTERM, then resolves with the exit code, how long the graceful shutdown took, and (quiet servers)
   * the tail of what the server wrote, to say why when the code is not 0.
   */
  stop(): Promise<{ code: number | null; ms: number; output: string }>;
}

/** The last characters a quiet server wrote (its log is at `warn`): enough for the error that ended it. */
const OUTPUT_KEPT = 8_000;

/** Starts the production server (`npm start` without npm) and waits until /api/health answers. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npm run build` first');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      LOG_LEVEL: 'warn',
      // every server a spec starts has the e2e admin (support/sign-in.ts signs in as it)
      EVENTLENS_ADMIN_EMAIL: E2E_ADMIN.email,
      EVENTLENS_ADMIN_PASSWORD: E2E_ADMIN.password,
      ...options.env,
    },
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} during start-up`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200 || response.status === 503) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        const started = Date.now();
        if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0, output });
        child.once('close', (code) => resolve({ code, ms: Date.now() - started, output }));
        child.kill('SIGTERM');
      }),
  };
}
