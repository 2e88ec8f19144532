'use client';

import {
  Activity,
  BookOpen,
  Boxes,
  Inbox,
  Layers,
  LayoutDashboard,
  Route,
  ScrollText,
  Settings,
  Siren,
  Waves,
  Waypoints,
  Workflow,
  type LucideIcon,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useMe } from '@/components/lib/api/get-me';
import { routes } from '@/components/lib/routes';
import styles from './nav.module.css';

interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

const PRIMARY: readonly NavItem[] = [
  { href: routes.overview(), label: 'Overview', icon: LayoutDashboard },
  { href: routes.flows(), label: 'Flows', icon: Workflow },
  { href: routes.events(), label: 'Events', icon: Activity },
  { href: routes.streams(), label: 'Streams', icon: Waves },
  { href: routes.traces(), label: 'Traces', icon: Waypoints },
  { href: routes.sagas(), label: 'Sagas', icon: Route },
  { href: routes.aggregates(), label: 'Aggregates', icon: Boxes },
  { href: routes.projections(), label: 'Projections', icon: Layers },
  { href: routes.rules(), label: 'Rules', icon: Siren },
  { href: routes.deadLetters(), label: 'Dead letters', icon: Inbox },
];

const SECONDARY: readonly NavItem[] = [
  { href: routes.apiReference(), label: 'API reference', icon: BookOpen },
  { href: routes.settings(), label: 'Settings', icon: Settings },
];

/** Shown to admins only; the server refuses everyone else anyway (audit:read). */
const ADMIN: readonly NavItem[] = [{ href: routes.audit(), label: 'Audit log', icon: ScrollText }];

function isActive(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

function NavList({ items, pathname }: { items: readonly NavItem[]; pathname: string }) {
  return (
    <ul className={styles.list}>
      {items.map(({ href, label, icon: Icon }) => {
        const active = isActive(pathname, href);
        return (
          <li key={href}>
            <Link
              href={href}
              className={styles.link}
              aria-current={active ? 'page' : undefined}
              title={label}
            >
              <Icon size={16} strokeWidth={1.75} aria-hidden className={styles.icon} />
              <span className={styles.label}>{label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function Nav() {
  const pathname = usePathname();
  const { data: me } = useMe();
  const secondary = me?.role === 'admin' ? [...ADMIN, ...SECONDARY] : SECONDARY;
  return (
    <nav aria-label="Main" className={styles.nav}>
      <NavList items={PRIMARY} pathname={pathname} />
      <NavList items={secondary} pathname={pathname} />
    </nav>
  );
}
