import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthFrame } from '@/components/auth/auth-frame';
import { SetupForm } from '@/components/auth/setup-form';
import styles from '@/components/auth/auth-form.module.css';
import { appContext } from '@/server/http/context';
import { setupLinkValid } from '@/server/services/setup';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

interface SetupPageProps {
  searchParams: Promise<{ token?: string | string[] }>;
}

/** The first admin, for whoever holds the one-time link the server logged (outside the console). */
export default async function SetupPage({ searchParams }: SetupPageProps) {
  const { token: raw } = await searchParams;
  const token = typeof raw === 'string' ? raw : '';
  if (!(await setupLinkValid(appContext().db, token))) {
    return (
      <AuthFrame
        title="This setup link does not work"
        lead="It is unknown, already used or older than 24 hours, or an account exists already."
      >
        <p className={styles.hint}>
          <Link href="/sign-in">Sign in</Link> if you have an account. Otherwise restart the server: with no
          account in its store it prints a new setup link.
        </p>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame
      title="Create the first admin"
      lead="This link works once. The account you create here can add others in Settings."
    >
      <SetupForm token={token} />
    </AuthFrame>
  );
}
