/**
 * Runs the `eventlens` command line inside the test process: the program the bin runs
 * (server/cli/program.ts `run`), with this invocation's environment, its stdout and stderr captured.
 * A spawned bin pays for starting node and tsx on every call, seconds on a busy machine, and dozens of
 * calls made the CLI suites the slowest of all; the bin itself, as typed, is tested in
 * server/cli/eventlens.test.ts.
 */
import { run } from '@/server/cli/program';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

/** Collects what is written to a stream; answers its callback as a real stream would. */
function capture(into: (text: string) => void): Write {
  return ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    into(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    if (callback) queueMicrotask(callback);
    return true;
  }) as Write;
}

let busy = false;

/** One run: it borrows process.stdout, stderr and env until it ends, so runs cannot overlap. */
export async function runCli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  if (busy) throw new Error('runCli: one run at a time (it borrows process.stdout, stderr and env)');
  busy = true;
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const before = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  let stdout = '';
  let stderr = '';
  process.stdout.write = capture((text) => (stdout += text));
  process.stderr.write = capture((text) => (stderr += text));
  Object.assign(process.env, env);
  try {
    const code = await run(['node', 'eventlens', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    busy = false;
  }
}
