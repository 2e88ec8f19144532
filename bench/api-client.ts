/** Runs a benchmark's HTTP client in a process of its own (api-client-main.ts): shared by bench:api and bench:trace. */
import { spawn } from 'node:child_process';
import type { ClientJob, ClientResult } from './api-client-main';

export type { ClientJob, ClientResult };

/** Runs the client side of one measurement in its own process (api-client-main.ts). */
export function runClientProcess(job: ClientJob): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api-client-main.ts'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the bench client exited with ${code}`));
      else resolve(JSON.parse(Buffer.concat(chunks).toString()) as ClientResult);
    });
    child.stdin.end(JSON.stringify(job));
  });
}
