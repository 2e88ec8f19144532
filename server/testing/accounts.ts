/**
 * Accounts for end-to-end runs, created in a running server's store from outside it (the e2e web
 * server adds a viewer beside the admin that EVENTLENS_ADMIN_* created). Passwords are hashed by
 * better-auth exactly as the server would; the signing secret plays no part in that.
 */
import { createStore } from '@/db/client';
import type { Role } from '@/server/access/roles';
import { createAuth } from '@/server/auth/better-auth';
import { recordAudit } from '@/server/services/audit';
import { createUser } from '@/server/services/users';

export interface E2eAccount {
  email: string;
  password: string;
  role: Role;
}

export async function createAccounts(databaseUrl: string, accounts: readonly E2eAccount[]): Promise<void> {
  const store = await createStore({ url: databaseUrl, max: 1 });
  try {
    const auth = createAuth({
      db: store.db,
      secret: 'not used to hash passwords',
      baseURL: 'http://127.0.0.1',
      trustedOrigins: [],
      secureCookies: false,
      audit: (entry) => recordAudit(store.db, entry),
    });
    for (const account of accounts)
      await createUser({ db: store.db, auth, caller: { kind: 'system', name: 'test setup' } }, account);
  } finally {
    await store.close();
  }
}
