import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { DemoNote } from '@/components/auth/demo-note';
import { UserMenu } from '@/components/auth/user-menu';
import { AppShell } from '@/components/layout/app-shell';
import { signInPath } from '@/components/lib/next-path';
import { PrincipalProvider } from '@/components/lib/principal';
import { ConnectionIndicator } from '@/components/system/connection-indicator';
import { OutageNotice } from '@/components/system/outage-notice';
import { appContext } from '@/server/http/context';
import { REQUEST_PATH_HEADER } from '@/server/http/request-path';

// who is asking is known per request only
export const dynamic = 'force-dynamic';

/**
 * Every console page is behind sign-in, checked here on the server before anything renders: a browser
 * without a session (and not in loopback demo mode) goes to the sign-in page, coming back afterwards.
 * API routes check for themselves (route()); this gate only keeps pages from rendering empty shells.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const requestHeaders = await headers();
  const principal = await appContext().authenticate(requestHeaders);
  if (!principal) redirect(signInPath(requestHeaders.get(REQUEST_PATH_HEADER) ?? '/'));
  const signedIn = { kind: principal.kind, name: principal.name, role: principal.role };
  return (
    <PrincipalProvider principal={signedIn}>
      <AppShell statusSlot={<ConnectionIndicator />} userSlot={<UserMenu principal={signedIn} />}>
        {principal.kind === 'demo' ? <DemoNote /> : null}
        {/* every page says when a dependency is down, and why, above its own content */}
        <OutageNotice />
        {children}
      </AppShell>
    </PrincipalProvider>
  );
}
