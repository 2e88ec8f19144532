/**
 * The API server process (api-server-main.ts) that CLI tests talk to, and the tokens they sign in with:
 * real users created through the services, one API token each, as an operator would issue them.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Db } from '@/db/client';
import type { Role } from '@/server/access/roles';
import { setUpAuth } from '@/server/auth/access-setup';
import { recordAudit } from '@/server/services/audit';
import { createToken } from '@/server/services/tokens';
import { createUser, throwawayPassword } from '@/server/services/users';
import { TEST_REDIS_URL } from './redis';

const SERVER = fileURLToPath(new URL('./api-server-main.ts', import.meta.url));

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the server over the migrated store at `databaseUrl` and the keys under `prefix`; resolves once it listens. */
export async function startApiServer(databaseUrl: string, prefix: string): Promise<ApiServer> {
  const server = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, EVENTLENS_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the API server did not start: ${stderr}`)), 30_000);
      server.stdout.on('data', (chunk: Buffer) => {
        const ready = /ready (\S+)/.exec(chunk.toString());
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        }
      });
      server.once('exit', (code) => reject(new Error(`the API server exited with ${code}: ${stderr}`)));
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A user `<role>@<domain>` of each role with a token named `<role> cli`; the tokens' secrets by role. */
export async function cliTokens(db: Db, roles: readonly Role[], domain: string): Promise<Map<Role, string>> {
  const auth = await setUpAuth({
    db,
    secret: undefined,
    publicUrl: 'http://127.0.0.1',
    audit: (entry) => recordAudit(db, entry),
  });
  const tokens = new Map<Role, string>();
  for (const role of roles) {
    const email = `${role}@${domain}`;
    const user = await createUser({ db, auth, caller: null }, { email, password: throwawayPassword(), role });
    const { secret } = await createToken(
      { db, caller: { kind: 'user', userId: user.id, name: email, role } },
      { name: `${role} cli`, role },
    );
    tokens.set(role, secret);
  }
  return tokens;
}
