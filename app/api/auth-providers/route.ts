import type { AuthProviders } from '@/server/contracts/auth-providers';
import { signInProviders } from '@/server/http/auth-providers';
import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** Ways to sign in besides email and password, for the sign-in page's buttons (public: it is shown before sign-in). */
export const GET = route(
  { auth: 'public', summary: 'Sign-in providers besides email and password' },
  async ({ ctx }): Promise<AuthProviders> => ({ providers: signInProviders(ctx.auth) }),
);
