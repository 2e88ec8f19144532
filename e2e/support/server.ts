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
  /** SIGTERM, then resolves with the exit code and how long the graceful shutdown took. */
  stop(): Promise<{ code: number | null; ms: number }>;
}

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
    stdio: options.quiet ? 'ignore' : 'inherit',
  });
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
        if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
        child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
        child.kill('SIGTERM');
      }),
  };
}
