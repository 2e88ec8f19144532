'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { AUDIT_RESULTS } from '@/server/contracts/audit';
import type { AuditFilters } from './lib/url-state';
import styles from './audit.module.css';

const EMPTY: AuditFilters = { actor: '', action: '', result: '', from: '', to: '', text: '' };

/** The filter form: edits stay local until Apply, which writes them to the URL. */
export function AuditFiltersForm({
  value,
  onApply,
}: {
  value: AuditFilters;
  onApply(next: AuditFilters): void;
}) {
  const [draft, setDraft] = useState(value);
  const set = (name: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className={styles.filters} onSubmit={submit} aria-label="Audit filters">
      <label>
        Actor
        <input value={draft.actor} onChange={set('actor')} placeholder="name or id" />
      </label>
      <label>
        Action
        <input value={draft.action} onChange={set('action')} placeholder="token.create, auth.*" />
      </label>
      <label>
        Result
        <select value={draft.result} onChange={set('result')}>
          <option value="">any</option>
          {AUDIT_RESULTS.map((result) => (
            <option key={result} value={result}>
              {result}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input value={draft.from} onChange={set('from')} placeholder="24h, 2025-01-31T12:00Z" />
      </label>
      <label>
        To
        <input value={draft.to} onChange={set('to')} placeholder="now" />
      </label>
      <label>
        Text
        <input value={draft.text} onChange={set('text')} placeholder="anywhere in the row" />
      </label>
      <div className={styles.filterActions}>
        <Button type="submit" variant="primary" size="sm">
          Apply
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setDraft(EMPTY);
            onApply(EMPTY);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
