import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import { sidebarInitScript } from '@/components/layout/sidebar';
import { themeInitScript } from '@/components/layout/theme';
import { ConnectionIndicator } from '@/components/system/connection-indicator';
import { OutageNotice } from '@/components/system/outage-notice';
import { nonceOf } from '@/server/http/csp';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'EventLens', template: '%s · EventLens' },
  description: 'Operations console for event-driven systems on Redis Streams.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // server/app.ts puts this response's policy on the request; its nonce lets the init script run
  const nonce = nonceOf((await headers()).get('content-security-policy'));
  return (
    // The init scripts set data-theme and data-sidebar before hydration, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeInitScript + sidebarInitScript }} />
      </head>
      <body>
        <Providers>
          <AppShell statusSlot={<ConnectionIndicator />}>
            {/* every page says when a dependency is down, and why, above its own content */}
            <OutageNotice />
            {children}
          </AppShell>
        </Providers>
      </body>
    </html>
  );
}
