'use client';

import { LogOut } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { SignedIn } from '@/components/lib/principal';
import { Button, ButtonLink } from '@/components/ui/button';
import { signOut } from './api/sign-in';
import styles from './user-menu.module.css';

/** The top bar's account menu: who is signed in, their role, and sign-out. */
export function UserMenu({ principal }: { principal: SignedIn }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const demo = principal.kind === 'demo';
  const label = demo ? 'Demo admin' : principal.name;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const leave = async () => {
    setPending(true);
    setError(null);
    const outcome = await signOut();
    if (outcome.ok) {
      // a full load on purpose: the console's layout re-reads the cookie and the query cache starts empty
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign('/sign-in');
      return;
    }
    setPending(false);
    setError(`Sign-out failed: ${outcome.message}`);
  };

  return (
    <div ref={root} className={styles.menu}>
      <button
        type="button"
        className={styles.trigger}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Account: ${label}, ${principal.role}`}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden className={styles.avatar}>
          {label.slice(0, 1)}
        </span>
        <span className={styles.name}>{label}</span>
        <span className={styles.role}>{principal.role}</span>
      </button>
      {open ? (
        <div id={panelId} className={styles.panel} role="group" aria-label="Account">
          <div className={styles.who}>
            <span className={styles.whoName} title={principal.name}>
              {label}
            </span>
            <span className={styles.whoRole}>Role: {principal.role}</span>
          </div>
          {demo ? (
            <p className={styles.note}>
              Demo mode acts as this admin for every browser, on loopback only. Sign in to act as yourself.
            </p>
          ) : null}
          {error ? (
            <p role="alert" className={styles.error}>
              {error}
            </p>
          ) : null}
          <div className={styles.actions}>
            {demo ? (
              <ButtonLink href="/sign-in" size="sm">
                Sign in
              </ButtonLink>
            ) : (
              <Button size="sm" onClick={() => void leave()} disabled={pending}>
                <LogOut size={14} aria-hidden />
                {pending ? 'Signing out…' : 'Sign out'}
              </Button>
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}
