import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, test as setup } from '@playwright/test';
import { ADMIN_STATE, E2E_ADMIN } from './support/accounts';

/*
 * Signs in once as the e2e admin, the way a script does (`POST /api/auth/sign-in/email`), and keeps
 * the session cookie for every other spec (playwright.config.ts: storageState). auth.spec.ts tests the
 * sign-in form itself.
 */
setup('sign in as the e2e admin', async ({ request, baseURL }) => {
  const response = await request.post('/api/auth/sign-in/email', {
    data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password },
    // a browser sends its origin with a POST; better-auth checks it
    headers: { origin: baseURL! },
  });
  expect(response.status(), await response.text()).toBe(200);
  const me = await request.get('/api/me');
  expect(await me.json()).toMatchObject({ kind: 'user', role: 'admin' });
  mkdirSync(dirname(ADMIN_STATE), { recursive: true });
  await request.storageState({ path: ADMIN_STATE });
});
