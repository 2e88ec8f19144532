import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AuthFrame } from '@/components/auth/auth-frame';
import { SignInForm } from '@/components/auth/sign-in-form';
import styles from '@/components/auth/auth-form.module.css';
import { safeNextPath } from '@/components/lib/next-path';
import { appContext } from '@/server/http/context';
import { userCount } from '@/server/services/users';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

interface SignInPageProps {
  searchParams: Promise<{ next?: string | string[] }>;
}

/** Outside the console's layout: reachable without a session. A signed-in browser goes straight on. */
export default async function SignInPage({ searchParams }: SignInPageProps) {
  const { next: rawNext } = await searchParams;
  const next = safeNextPath(typeof rawNext === 'string' ? rawNext : null);
  const ctx = appContext();
  const principal = await ctx.authenticate(await headers());
  // demo mode's admin may still sign in as a real user, so only a real session skips the form
  if (principal && principal.kind !== 'demo') redirect(next);
  const noUsers = (await userCount(ctx.db)) === 0;
  return (
    <AuthFrame title="Sign in" lead="Sign in to the EventLens console.">
      <SignInForm next={next} />
      {noUsers ? (
        <p className={styles.hint}>
          No account exists yet. Open the one-time setup link the server printed in its log, or set{' '}
          <code>EVENTLENS_ADMIN_EMAIL</code> and <code>EVENTLENS_ADMIN_PASSWORD</code> and restart.
        </p>
      ) : (
        <p className={styles.hint}>Accounts are created by an admin in Settings.</p>
      )}
    </AuthFrame>
  );
}
