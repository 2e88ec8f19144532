'use client';

import { X } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { EVENT_FAILURE_OUTCOMES, type EventFailureOutcome } from '@/server/contracts/events';
import type { FieldIssues, FilterField } from './lib/filter-mapping';
import {
  EMPTY_FILTERS,
  hasFilters,
  joinList,
  sameFilters,
  splitList,
  type EventsFilters,
  type EventsOrder,
  type EventsMode,
} from './lib/url-state';
import styles from './filter-bar.module.css';

/** Typing settles for this long before the URL (and with it the tail or the search) changes. */
const COMMIT_DELAY_MS = 450;

type Draft = Record<FilterField, string>;

interface FieldSpec {
  field: FilterField;
  label: string;
  placeholder: Record<EventsMode, string>;
  /** Columns the input spans in History (1 when absent). */
  span?: 2 | 3;
  mono?: boolean;
  /** A select of these choices (the first, '', reads `placeholder`) instead of a text input. */
  options?: readonly { value: string; label: string }[];
}

const SHARED_FIELDS: readonly FieldSpec[] = [
  { field: 'topic', label: 'Topic', placeholder: { live: 'threat.* or a name', history: 'threat.alerts' } },
  { field: 'type', label: 'Type', placeholder: { live: 'alert.*', history: 'alert.raised' } },
  {
    field: 'source',
    label: 'Source',
    placeholder: { live: '/services/*', history: '/services/analyze' },
  },
  {
    field: 'correlationId',
    label: 'Correlation id',
    placeholder: { live: 'an id from any event', history: 'an id from any event' },
    mono: true,
  },
  {
    field: 'text',
    label: 'Text',
    placeholder: { live: 'anywhere in the event', history: 'in type, subject or ids' },
  },
];

const OUTCOME_LABEL: Record<EventFailureOutcome, string> = {
  retried: 'retried: an attempt failed',
  failed: 'failed: the last attempt',
  'dead-lettered': 'dead-lettered',
};

const HISTORY_FIELDS: readonly FieldSpec[] = [
  { field: 'from', label: 'From', placeholder: { live: '', history: '15m, 2h, 7d or an ISO time' } },
  { field: 'to', label: 'To', placeholder: { live: '', history: 'now' } },
  {
    field: 'where',
    label: 'Data condition',
    placeholder: { live: '', history: '$.severity == "high"' },
    span: 3,
    mono: true,
  },
  {
    field: 'group',
    label: 'Consumer group',
    placeholder: { live: '', history: 'that received the event' },
  },
  {
    field: 'outcome',
    label: 'Delivery outcome',
    placeholder: { live: '', history: 'any' },
    options: EVENT_FAILURE_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABEL[value] })),
  },
  {
    field: 'error',
    label: 'Error text',
    placeholder: { live: '', history: 'in delivery errors and dead letters' },
    span: 3,
  },
];

function outcomeOf(value: string): EventFailureOutcome | '' {
  return EVENT_FAILURE_OUTCOMES.find((outcome) => outcome === value) ?? '';
}

function draftOf(filters: EventsFilters): Draft {
  return {
    topic: joinList(filters.topics),
    type: joinList(filters.types),
    source: joinList(filters.sources),
    correlationId: filters.correlationId,
    text: filters.text,
    from: filters.from,
    to: filters.to,
    where: filters.where,
    group: joinList(filters.groups),
    outcome: filters.outcome,
    error: filters.error,
  };
}

/** The draft as filters; the order is not an input of the bar and stays as it is. */
function filtersOf(draft: Draft, order: EventsOrder): EventsFilters {
  return {
    topics: splitList(draft.topic),
    types: splitList(draft.type),
    sources: splitList(draft.source),
    correlationId: draft.correlationId.trim(),
    text: draft.text.trim(),
    from: draft.from.trim(),
    to: draft.to.trim(),
    where: draft.where.trim(),
    groups: splitList(draft.group),
    outcome: outcomeOf(draft.outcome),
    error: draft.error.trim(),
    order,
  };
}

interface FilterBarProps {
  mode: EventsMode;
  /** The filters in the URL. */
  filters: EventsFilters;
  /** Messages by input, from the client-side checks or the server's 400. */
  issues: FieldIssues;
  onChange(filters: EventsFilters): void;
}

/**
 * The filter inputs. They edit a local draft and commit it to the URL once typing settles (or on
 * Enter); a URL change from elsewhere (a drawer link, Back) replaces the draft.
 */
export function FilterBar({ mode, filters, issues, onChange }: FilterBarProps) {
  const id = useId();
  const [draft, setDraft] = useState(() => draftOf(filters));
  const [seen, setSeen] = useState(filters);
  const [committed, setCommitted] = useState(filters);

  // The URL moved: take it over unless it is the value this bar just committed (typing may be ahead).
  if (!sameFilters(seen, filters)) {
    setSeen(filters);
    if (!sameFilters(filters, committed)) setDraft(draftOf(filters));
  }

  const commit = (next: EventsFilters) => {
    setCommitted(next);
    if (!sameFilters(next, filters)) onChange(next);
  };

  useEffect(() => {
    const next = filtersOf(draft, filters.order);
    if (sameFilters(next, filters)) return;
    const timer = setTimeout(() => {
      setCommitted(next);
      onChange(next);
    }, COMMIT_DELAY_MS);
    return () => clearTimeout(timer);
    // only the draft schedules a commit; a new `filters` from the URL resets the draft above
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  /** A select has no typing to wait for: its choice applies at once. */
  const choose = (field: FilterField, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    commit(filtersOf(next, filters.order));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    commit(filtersOf(draft, filters.order));
  };

  const clear = () => {
    setDraft(draftOf(EMPTY_FILTERS));
    commit(EMPTY_FILTERS);
  };

  const fields = mode === 'history' ? [...SHARED_FIELDS, ...HISTORY_FIELDS] : SHARED_FIELDS;
  const showClear = hasFilters(filtersOf(draft, filters.order), mode) || hasFilters(filters, mode);

  return (
    <form className={styles.bar} onSubmit={onSubmit} role="search" aria-label="Event filters">
      <div className={styles.fields} data-mode={mode}>
        {fields.map((spec) => {
          const inputId = `${id}-${spec.field}`;
          const error = issues[spec.field];
          return (
            <div key={spec.field} className={styles.field} data-span={spec.span}>
              <label htmlFor={inputId} className={styles.label}>
                {spec.label}
              </label>
              {spec.options ? (
                <select
                  id={inputId}
                  className={styles.input}
                  value={draft[spec.field]}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId}-error` : undefined}
                  onChange={(event) => choose(spec.field, event.target.value)}
                >
                  <option value="">{spec.placeholder[mode]}</option>
                  {spec.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={inputId}
                  className={styles.input}
                  data-mono={spec.mono || undefined}
                  value={draft[spec.field]}
                  placeholder={spec.placeholder[mode]}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId}-error` : undefined}
                  onChange={(event) =>
                    setDraft((current) => ({ ...current, [spec.field]: event.target.value }))
                  }
                />
              )}
              {error ? (
                <p id={`${inputId}-error`} className={styles.error}>
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className={styles.footer}>
        <p className={styles.hint}>
          {mode === 'live'
            ? 'Lists are comma-separated; * matches any run of characters.'
            : 'Topic, type and source match exact names (comma-separated for several). Time: 15m, 2h, 7d or ISO. Outcome and error text find events a consumer group failed on.'}
        </p>
        {issues.general ? (
          <p role="alert" className={styles.error}>
            {issues.general}
          </p>
        ) : null}
        {/* Enter in any input applies at once; this button is for pointer users and assistive tech */}
        <button type="submit" className="visually-hidden">
          Apply filters
        </button>
        {showClear ? (
          <Button variant="ghost" size="sm" onClick={clear}>
            <X size={14} aria-hidden />
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
