'use client';

import { X } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { SAGA_STATUSES, type SagaStatus } from '@/server/contracts/saga-events';
import { SAGA_STATUS_LABEL } from '../lib/status';
import { EMPTY_SAGA_FILTERS, hasSagaFilters, type SagaFilters } from '../lib/url-state';
import filterBar from '@/components/ui/filter-bar.module.css';
import styles from './list.module.css';

/** Typing settles this long before the URL (and the query) changes. */
const COMMIT_DELAY_MS = 450;

const same = (a: SagaFilters, b: SagaFilters) => JSON.stringify(a) === JSON.stringify(b);
const trimmed = (draft: SagaFilters): SagaFilters => ({
  ...draft,
  definition: draft.definition.trim(),
  correlationId: draft.correlationId.trim(),
});

interface SagaFilterBarProps {
  filters: SagaFilters;
  /** Definition names to suggest while typing. */
  definitions: readonly string[];
  /** The server's complaint about a filter (400), shown under the bar. */
  error: string | null;
  onChange(filters: SagaFilters): void;
}

/**
 * The list's filters: a local draft committed to the URL when typing settles, at once for the
 * checkboxes and on Enter. A URL change from elsewhere (Back, a link, the diagram) replaces the draft.
 */
export function SagaFilterBar({ filters, definitions, error, onChange }: SagaFilterBarProps) {
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

  const commit = (next: SagaFilters) => {
    setDraft(next);
    onChange(trimmed(next));
  };
  const toggleStatus = (name: SagaStatus, on: boolean) =>
    commit({ ...draft, status: SAGA_STATUSES.filter((s) => (s === name ? on : draft.status.includes(s))) });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange(trimmed(draft));
  };

  return (
    <form className={filterBar.bar} onSubmit={onSubmit} role="search" aria-label="Saga filters">
      <div className={styles.fields}>
        <div className={filterBar.field}>
          <label htmlFor={`${id}-definition`} className={filterBar.label}>
            Definition
          </label>
          <input
            id={`${id}-definition`}
            className={filterBar.input}
            list={`${id}-definitions`}
            value={draft.definition}
            placeholder="investigation"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setDraft({ ...draft, definition: event.target.value })}
          />
          <datalist id={`${id}-definitions`}>
            {definitions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div className={filterBar.field}>
          <label htmlFor={`${id}-correlation`} className={filterBar.label}>
            Correlation id
          </label>
          <input
            id={`${id}-correlation`}
            className={filterBar.input}
            data-mono
            value={draft.correlationId}
            placeholder="inv-1042"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setDraft({ ...draft, correlationId: event.target.value })}
          />
        </div>
      </div>
      <div className={filterBar.footer}>
        <fieldset className={styles.checks}>
          <legend className="visually-hidden">Status</legend>
          {SAGA_STATUSES.map((name) => (
            <label key={name} className={styles.check}>
              <input
                type="checkbox"
                checked={draft.status.includes(name)}
                onChange={(event) => toggleStatus(name, event.target.checked)}
              />
              {SAGA_STATUS_LABEL[name]}
            </label>
          ))}
        </fieldset>
        <label className={styles.check} data-strong>
          <input
            type="checkbox"
            checked={draft.stuck}
            onChange={(event) => commit({ ...draft, stuck: event.target.checked })}
          />
          Stuck only
        </label>
        <p className={filterBar.hint}>No status ticked: every status.</p>
        {error ? (
          <p role="alert" className={filterBar.error}>
            {error}
          </p>
        ) : null}
        <button type="submit" className="visually-hidden">
          Apply filters
        </button>
        {hasSagaFilters(filters) ? (
          <Button variant="ghost" size="sm" onClick={() => commit(EMPTY_SAGA_FILTERS)}>
            <X size={14} aria-hidden />
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
