'use client';

import { X } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { DEAD_LETTER_STATUSES } from '@/server/contracts/dead-letter-list';
import { DEAD_LETTER_CATEGORIES } from '@/server/contracts/envelope';
import { EMPTY_DLQ_FILTERS, hasFilters, type DlqFilters } from './lib/url-state';
import filterBar from '@/components/ui/filter-bar.module.css';
import styles from './filter-bar.module.css';

/** Typing settles this long before the URL (and the query) changes. */
const COMMIT_DELAY_MS = 450;

type TextField = 'topic' | 'group' | 'type' | 'fingerprint' | 'from' | 'to' | 'q';
type Draft = Record<TextField, string> & { category: string; status: string };

const TEXT_FIELDS: readonly { field: TextField; label: string; placeholder: string; mono?: boolean }[] = [
  { field: 'topic', label: 'Topic', placeholder: 'orders' },
  { field: 'group', label: 'Group', placeholder: 'billing' },
  { field: 'type', label: 'Type', placeholder: 'order.placed' },
  { field: 'q', label: 'Text', placeholder: 'error, type' },
  { field: 'from', label: 'From', placeholder: '15m, 2h, ISO' },
  { field: 'to', label: 'To', placeholder: 'now' },
  { field: 'fingerprint', label: 'Fingerprint', placeholder: 'a1b2c3…', mono: true },
];

const LISTS = ['topic', 'group', 'type', 'fingerprint'] as const;

function draftOf(filters: DlqFilters): Draft {
  return {
    topic: filters.topic.join(', '),
    group: filters.group.join(', '),
    type: filters.type.join(', '),
    fingerprint: filters.fingerprint.join(', '),
    from: filters.from,
    to: filters.to,
    q: filters.q,
    category: filters.category[0] ?? '',
    status: filters.status[0] ?? '',
  };
}

function filtersOf(draft: Draft): DlqFilters {
  const filters: DlqFilters = { ...EMPTY_DLQ_FILTERS };
  for (const name of LISTS) {
    filters[name] = draft[name]
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  }
  filters.from = draft.from.trim();
  filters.to = draft.to.trim();
  filters.q = draft.q.trim();
  filters.category = draft.category ? [draft.category] : [];
  filters.status = draft.status ? [draft.status] : [];
  return filters;
}

const same = (a: DlqFilters, b: DlqFilters) => JSON.stringify(a) === JSON.stringify(b);

interface FilterBarProps {
  filters: DlqFilters;
  /** The server's complaint about a filter (400), shown under the bar. */
  error: string | null;
  onChange(filters: DlqFilters): void;
}

/**
 * The page's filters: a local draft committed to the URL when typing settles, at once for the selects
 * and on Enter. A URL change from elsewhere (Back, a link) replaces the draft.
 */
export function FilterBar({ filters, error, onChange }: FilterBarProps) {
  const id = useId();
  const [draft, setDraft] = useState(() => draftOf(filters));
  const [seen, setSeen] = useState(filters);
  if (!same(seen, filters)) {
    setSeen(filters);
    if (!same(filtersOf(draft), filters)) setDraft(draftOf(filters));
  }

  useEffect(() => {
    const next = filtersOf(draft);
    if (same(next, filters)) return;
    const timer = setTimeout(() => onChange(next), COMMIT_DELAY_MS);
    return () => clearTimeout(timer);
    // only the draft schedules a commit; a new `filters` from the URL resets the draft above
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const set = (field: keyof Draft, value: string, now = false) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    if (now) onChange(filtersOf(next));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange(filtersOf(draft));
  };

  return (
    <form className={filterBar.bar} onSubmit={onSubmit} role="search" aria-label="Dead letter filters">
      <div className={styles.fields}>
        <div className={filterBar.field}>
          <label htmlFor={`${id}-status`} className={filterBar.label}>
            Status
          </label>
          <select
            id={`${id}-status`}
            className={filterBar.input}
            value={draft.status}
            onChange={(event) => set('status', event.target.value, true)}
          >
            <option value="">pending</option>
            {DEAD_LETTER_STATUSES.filter((s) => s !== 'pending').map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
            <option value="all">any status</option>
          </select>
        </div>
        <div className={filterBar.field}>
          <label htmlFor={`${id}-category`} className={filterBar.label}>
            Category
          </label>
          <select
            id={`${id}-category`}
            className={filterBar.input}
            value={draft.category}
            onChange={(event) => set('category', event.target.value, true)}
          >
            <option value="">any</option>
            {DEAD_LETTER_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </div>
        {TEXT_FIELDS.map((spec) => (
          <div key={spec.field} className={filterBar.field}>
            <label htmlFor={`${id}-${spec.field}`} className={filterBar.label}>
              {spec.label}
            </label>
            <input
              id={`${id}-${spec.field}`}
              className={filterBar.input}
              data-mono={spec.mono || undefined}
              value={draft[spec.field]}
              placeholder={spec.placeholder}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => set(spec.field, event.target.value)}
            />
          </div>
        ))}
      </div>
      <div className={filterBar.footer}>
        <p className={filterBar.hint}>
          Comma-separate several names. Without a status, pending letters only.
        </p>
        {error ? (
          <p role="alert" className={filterBar.error}>
            {error}
          </p>
        ) : null}
        <button type="submit" className="visually-hidden">
          Apply filters
        </button>
        {hasFilters(filters) ? (
          <Button variant="ghost" size="sm" onClick={() => onChange(EMPTY_DLQ_FILTERS)}>
            <X size={14} aria-hidden />
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
