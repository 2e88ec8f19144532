'use client';

import { X } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './button';
import styles from './drawer-shell.module.css';

interface DrawerShellProps {
  /** The small uppercase word above the title: what kind of thing is open ("Event"). */
  kicker: string;
  /** The h2 that names the dialog. */
  title: ReactNode;
  /** The line under the title; absent, no line. */
  meta?: ReactNode;
  /** Header buttons, placed before the close button. */
  actions?: ReactNode;
  /** The close button's accessible name ("Close event"). */
  closeLabel: string;
  onClose(): void;
  /** The id of what is open: when it changes, the title takes the focus again. */
  focusKey: string;
  /**
   * Escape closes the drawer unless this says the key belongs to something else (a filter input, a
   * dialog above). Keep it stable (module scope): it is an effect dependency.
   */
  keepOpenOnEscape?: (event: KeyboardEvent, panel: HTMLElement | null) => boolean;
  children: ReactNode;
}

/**
 * A non-modal side panel beside a page's list: a header with a kicker, the title, a meta line, actions
 * and a close button, over a scrolling body. The list stays usable; Escape or the button closes it.
 */
export function DrawerShell({
  kicker,
  title,
  meta,
  actions,
  closeLabel,
  onClose,
  focusKey,
  keepOpenOnEscape,
  children,
}: DrawerShellProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  // A newly opened item takes the focus, so keyboard and screen-reader users land in the drawer.
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [focusKey]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (keepOpenOnEscape?.(event, panelRef.current)) return;
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, keepOpenOnEscape]);

  return (
    <aside
      ref={panelRef}
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      className={styles.drawer}
    >
      <header className={styles.header}>
        <div className={styles.heading}>
          <span className={styles.kicker}>{kicker}</span>
          <h2 id={headingId} ref={headingRef} tabIndex={-1} className={styles.title}>
            {title}
          </h2>
          {meta ? <p className={styles.meta}>{meta}</p> : null}
        </div>
        <div className={styles.actions}>
          {actions}
          <Button
            variant="ghost"
            size="sm"
            iconOnly
            aria-label={closeLabel}
            title="Close (Esc)"
            onClick={onClose}
          >
            <X size={16} aria-hidden />
          </Button>
        </div>
      </header>
      <div className={styles.body}>{children}</div>
    </aside>
  );
}

/** One titled part of a drawer's body, named for assistive tech by its title. */
export function DrawerSection({
  title,
  aside,
  children,
}: {
  title: string;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className={styles.section} aria-label={title}>
      <div className={styles.sectionHeader}>
        <h3 className={styles.sectionTitle}>{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}
