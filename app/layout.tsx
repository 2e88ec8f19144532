import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { sidebarInitScript } from '@/components/layout/sidebar';
import { themeInitScript } from '@/components/layout/theme';
import { nonceOf } from '@/server/http/csp';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'EventLens', template: '%s · EventLens' },
  description: 'Operations console for event-driven systems on Redis Streams.',
};

/** The document only: the console's shell lives in app/(console)/layout.tsx, behind sign-in. */
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
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
