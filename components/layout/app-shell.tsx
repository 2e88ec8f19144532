import type { ReactNode } from 'react';
import { Nav } from './nav';
import { SidebarToggle } from './sidebar-toggle';
import { ThemeToggle } from './theme-toggle';
import styles from './app-shell.module.css';

interface AppShellProps {
  /** Live system status for the top bar; supplied by the layout so the shell imports no feature. */
  statusSlot: ReactNode;
  /** Who is signed in, and sign-out; supplied by the layout for the same reason. */
  userSlot?: ReactNode;
  children: ReactNode;
}

export function AppShell({ statusSlot, userSlot, children }: AppShellProps) {
  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <aside id="sidebar" className={styles.sidebar}>
        <div className={styles.brand}>
          <BrandMark />
          <span className={styles.brandName}>EventLens</span>
        </div>
        <Nav />
      </aside>
      <header className={styles.topbar}>
        <div className={styles.topbarStart}>
          <SidebarToggle controls="sidebar" />
        </div>
        <div className={styles.topbarEnd}>
          {statusSlot}
          <span aria-hidden className={styles.divider} />
          <ThemeToggle />
          {userSlot ? (
            <>
              <span aria-hidden className={styles.divider} />
              {userSlot}
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} className={styles.main}>
        {children}
      </main>
    </div>
  );
}

function BrandMark() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden className={styles.brandMark}>
      <rect x="1" y="1" width="22" height="22" rx="6" fill="currentColor" />
      <path d="M6 8h12M6 12h8M6 16h10" stroke="var(--bg)" strokeWidth="2" strokeLinecap="round" fill="none" />
    </svg>
  );
}
