import { spawn, type ChildProcess } from 'node:child_process';

/** Starts a TypeScript module in a child process (through tsx) and waits for it to print `ready`. */
export async function startChild(
  module: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', module], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${module} not ready within ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${module} exited with ${code}: ${stderr}`));
    });
  });
  return child;
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
