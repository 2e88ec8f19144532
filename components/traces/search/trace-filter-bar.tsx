'use client';

import { X } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { TRACE_HAS, type TraceHas } from '@/server/contracts/traces';
import { EMPTY_TRACE_FILTERS, hasTraceFilters, type TraceFilters } from '../lib/url-state';
import filterBar from '@/components/ui/filter-bar.module.css';
import styles from './search.module.css';

/** Typing settles this long before the URL (and the query) changes. */
const COMMIT_DELAY_MS = 450;

type TextField = Exclude<keyof TraceFilters, 'has'>;

const TEXT_FIELDS: readonly {
  field: TextField;
  label: string;
  placeholder: string;
  mono?: boolean;
  numeric?: boolean;
}[] = [
  { field: 'correlationId', label: 'Correlation id', placeholder: 'order-1042', mono: true },
  { field: 'rootType', label: 'Root type', placeholder: 'order.placed' },
  { field: 'service', label: 'Service', placeholder: 'billing' },
  { field: 'topic', label: 'Topic', placeholder: 'orders' },
  { field: 'from', label: 'From', placeholder: '1h, 2d, ISO' },
  { field: 'to', label: 'To', placeholder: 'now' },
  { field: 'minDurationMs', label: 'Min duration (ms)', placeholder: '1000', numeric: true },
  { field: 'minEvents', label: 'Min events', placeholder: '10', numeric: true },
];

const HAS_LABEL: Record<TraceHas, string> = {
  failures: 'Has failures',
  'dead-letters': 'Has dead letters',
  replays: 'Has replays',
};

const same = (a: TraceFilters, b: TraceFilters) => JSON.stringify(a) === JSON.stringify(b);
const trimmed = (draft: TraceFilters): TraceFilters => {
  const out = { ...draft };
  for (const { field } of TEXT_FIELDS) out[field] = draft[field].trim();
  return out;
};

interface TraceFilterBarProps {
  filters: TraceFilters;
  /** The server's complaint about a filter (400), shown under the bar. */
  error: string | null;
  onChange(filters: TraceFilters): void;
}

/**
 * The search's filters: a local draft committed to the URL when typing settles, at once for the
 * checkboxes and on Enter. A URL change from elsewhere (Back, a link) replaces the draft.
 */
export function TraceFilterBar({ filters, error, onChange }: TraceFilterBarProps) {
  const id = useId();
  const [draft, setDraft] = useState(filters);
  const [seen, setSeen] = useState(filters);
  if (!same(seen, filters)) {
    setSeen(filters);
    if (!same(trimmed(draft), filters)) setDraft(filters);
  }

  useEffect(() => {
    const next = trimmed(draft);
    if (same(next, filters)) return;
    const timer = setTimeout(() => onChange(next), COMMIT_DELAY_MS);
    return () => clearTimeout(timer);
    // only the draft schedules a commit; a new `filters` from the URL resets the draft above
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const toggle = (name: TraceHas, on: boolean) => {
    const has = TRACE_HAS.filter((item) => (item === name ? on : draft.has.includes(item)));
    const next = { ...draft, has };
    setDraft(next);
    onChange(trimmed(next));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange(trimmed(draft));
  };

  return (
    <form className={filterBar.bar} onSubmit={onSubmit} role="search" aria-label="Trace filters">
      <div className={styles.fields}>
        {TEXT_FIELDS.map((spec) => (
          <div key={spec.field} className={filterBar.field}>
            <label htmlFor={`${id}-${spec.field}`} className={filterBar.label}>
              {spec.label}
            </label>
            <input
              id={`${id}-${spec.field}`}
              className={filterBar.input}
              data-mono={spec.mono || undefined}
              inputMode={spec.numeric ? 'numeric' : undefined}
              value={draft[spec.field]}
              placeholder={spec.placeholder}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setDraft({ ...draft, [spec.field]: event.target.value })}
            />
          </div>
        ))}
      </div>
      <div className={filterBar.footer}>
        <fieldset className={styles.has}>
          <legend className="visually-hidden">Only traces that</legend>
          {TRACE_HAS.map((name) => (
            <label key={name} className={styles.check}>
              <input
                type="checkbox"
                checked={draft.has.includes(name)}
                onChange={(event) => toggle(name, event.target.checked)}
              />
              {HAS_LABEL[name]}
            </label>
          ))}
        </fieldset>
        <p className={filterBar.hint}>
          Service matches publishers and consumers. Times: 15m, 2h, 7d ago or ISO.
        </p>
        {error ? (
          <p role="alert" className={filterBar.error}>
            {error}
          </p>
        ) : null}
        <button type="submit" className="visually-hidden">
          Apply filters
        </button>
        {hasTraceFilters(filters) ? (
          <Button variant="ghost" size="sm" onClick={() => onChange(EMPTY_TRACE_FILTERS)}>
            <X size={14} aria-hidden />
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
