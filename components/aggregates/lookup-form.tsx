'use client';

import { useState, type FormEvent } from 'react';
import filterBar from '@/components/ui/filter-bar.module.css';
import { Button } from '@/components/ui/button';
import styles from './aggregates.module.css';

/** Type and id of the aggregate to look at; submitting puts them in the URL (latest version). */
export function LookupForm({
  types,
  type,
  id,
  onLookup,
}: {
  types: readonly string[];
  type: string;
  id: string;
  onLookup(type: string, id: string): void;
}) {
  const [draftType, setDraftType] = useState(type || types[0] || '');
  const [draftId, setDraftId] = useState(id);
  // the URL changed under the form (a type picked in the table, back/forward): follow it
  const [seen, setSeen] = useState({ type, id });
  if (seen.type !== type || seen.id !== id) {
    setSeen({ type, id });
    if (type) setDraftType(type);
    setDraftId(id);
  }
  const options = draftType && !types.includes(draftType) ? [draftType, ...types] : types;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draftType && draftId.trim()) onLookup(draftType, draftId.trim());
  };
  return (
    <form className={`${filterBar.bar} ${styles.lookup}`} onSubmit={submit} aria-label="Look up an aggregate">
      <label className={filterBar.field}>
        <span className={filterBar.label}>Aggregate type</span>
        <select className={filterBar.input} value={draftType} onChange={(e) => setDraftType(e.target.value)}>
          {options.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className={filterBar.field}>
        <span className={filterBar.label}>Aggregate id</span>
        <input
          className={filterBar.input}
          value={draftId}
          placeholder="e.g. ws-0042"
          onChange={(e) => setDraftId(e.target.value)}
        />
      </label>
      <Button type="submit" variant="primary" disabled={!draftType || !draftId.trim()}>
        Show history
      </Button>
    </form>
  );
}
