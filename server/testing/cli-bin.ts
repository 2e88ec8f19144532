/**
 * Runs the `eventlens` bin (server/cli/bin.js) as a user types it: a child process started from another
 * working directory, as an installed bin would be, on the test Redis under the test's prefix. Shared by
 * the tests of the bin itself (server/cli/eventlens.test.ts, server/cli/dlq-list-show.test.ts); the
 * other CLI tests run the program in this process (cli-in-process.ts), which is much faster.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CliResult } from './cli-in-process';
import { eventually, TEST_REDIS_URL } from './redis';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

export type { CliResult };

/** A long-running run of the bin (tail). */
export interface RunningCli {
  child: ChildProcess;
  /** What it has written so far. */
  output: { stdout: string; stderr: string };
  /** Resolves when it has exited, with all it wrote. */
  exited: Promise<CliResult>;
  /** Resolves once it says it is tailing. */
  ready: Promise<boolean>;
}

export interface CliBin {
  /** Runs the bin to its end, with `extra` in its environment. */
  cli(args: string[], extra?: Record<string, string>): CliResult;
  /** Starts a long-running run (tail); `killAll` ends it if the test did not. */
  start(args: string[]): RunningCli;
  /** Kills the runs still going (after each test: a failed assertion must not leave a tail running). */
  killAll(): void;
}

export const lines = (text: string): string[] => text.split('\n').filter((line) => line.length > 0);

/** The bin on the test Redis under `prefix()`, read at each run (a test's prefix is made before it). */
export function cliBin(prefix: () => string): CliBin {
  const children: ChildProcess[] = [];

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    REDIS_URL: TEST_REDIS_URL,
    EVENTLENS_PREFIX: prefix(),
    ...extra,
  });

  const cli = (args: string[], extra?: Record<string, string>): CliResult => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: tmpdir(),
      env: env(extra),
      encoding: 'utf8',
      timeout: 15_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  const start = (args: string[]): RunningCli => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmpdir(), env: env() });
    children.push(child);
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    const exited = new Promise<CliResult>((resolve) =>
      child.on('close', (code) => resolve({ code, ...output })),
    );
    const ready = eventually(() => output.stderr.includes('tailing'), 10_000);
    return { child, output, exited, ready };
  };

  const killAll = (): void => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  };

  return { cli, start, killAll };
}
