'use client';

import { History, Radio } from 'lucide-react';
import { useRef, type KeyboardEvent } from 'react';
import type { EventsMode } from './lib/url-state';
import styles from './mode-tabs.module.css';

export const MODE_PANEL_ID = 'events-mode-panel';
export const modeTabId = (mode: EventsMode) => `events-mode-tab-${mode}`;

const MODES: readonly { mode: EventsMode; label: string; icon: typeof Radio }[] = [
  { mode: 'live', label: 'Live', icon: Radio },
  { mode: 'history', label: 'History', icon: History },
];

/** The two modes as tabs (arrow keys move between them); the mode itself lives in the URL. */
export function ModeTabs({ mode, onChange }: { mode: EventsMode; onChange(mode: EventsMode): void }) {
  const refs = useRef<Partial<Record<EventsMode, HTMLButtonElement | null>>>({});

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = mode === 'live' ? 'history' : 'live';
    onChange(next);
    refs.current[next]?.focus();
  };

  return (
    <div role="tablist" aria-label="Events mode" className={styles.tabs} onKeyDown={onKeyDown}>
      {MODES.map(({ mode: value, label, icon: Icon }) => {
        const selected = value === mode;
        return (
          <button
            key={value}
            ref={(element) => {
              refs.current[value] = element;
            }}
            type="button"
            role="tab"
            id={modeTabId(value)}
            aria-selected={selected}
            aria-controls={MODE_PANEL_ID}
            tabIndex={selected ? 0 : -1}
            className={styles.tab}
            onClick={() => {
              if (!selected) onChange(value);
            }}
          >
            <Icon size={14} aria-hidden />
            {label}
          </button>
        );
      })}
    </div>
  );
}
