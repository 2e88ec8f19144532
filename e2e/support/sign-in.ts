import { expect, type APIRequestContext } from '@playwright/test';
import { E2E_ADMIN } from './accounts';

/**
 * Signs a browser context in to a server of a spec's own (started by support/server.ts with the e2e
 * admin), as a script would: better-auth's endpoint sets the session cookie in the context. Cookies
 * ignore ports, so this replaces the Playwright server's cookie in this context only.
 */
export async function signIn(
  request: APIRequestContext,
  url: string,
  account: { email: string; password: string } = E2E_ADMIN,
): Promise<void> {
  const response = await request.post(`${url}/api/auth/sign-in/email`, {
    data: { email: account.email, password: account.password },
    headers: { origin: url },
  });
  expect(response.status(), await response.text()).toBe(200);
}
