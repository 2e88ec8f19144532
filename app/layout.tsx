import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { sidebarInitScript } from '@/components/layout/sidebar';
import { themeInitScript } from '@/components/layout/theme';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'EventLens', template: '%s · EventLens' },
  description: 'Operations console for event-driven systems on Redis Streams.',
};

/** The document only: the console's shell lives in app/(console)/layout.tsx, behind sign-in. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The init scripts set data-theme and data-sidebar before hydration, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeInitScript + sidebarInitScript }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
