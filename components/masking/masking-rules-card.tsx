'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { REVEAL_ROLES, type MaskingRule } from '@/server/contracts/masking';
import { useCreateMaskingRule, useDeleteMaskingRule, useMaskingRules } from './api/masking-rules';
import styles from './masking-rules-card.module.css';

/**
 * Masking rules (admins): which payload fields are shown as *** to roles below "Revealed to". The
 * server refuses non-admins (403); the card then shows nothing, it does not rely on hiding.
 */
export function MaskingRulesCard() {
  const { data: rules, error, isPending } = useMaskingRules();
  if (error instanceof ApiRequestError && error.status === 403) return null;
  return (
    <Card title="Masking rules">
      <p className={styles.intro}>
        Viewers never see payload values; events marked <code>confidential</code> are masked below operator. A
        rule masks one JSON path in the payloads of matching event types for every role below the one it is
        revealed to. Paths: <code>$.card.number</code>, <code>$..email</code> (at any depth),{' '}
        <code>$.items[*].iban</code>.
      </p>
      {isPending ? (
        <div aria-busy="true" aria-label="Loading masking rules" className={styles.loading}>
          <Skeleton width={320} />
          <Skeleton width={240} />
        </div>
      ) : rules ? (
        <RulesTable rules={rules} />
      ) : (
        <p role="alert" className={styles.error}>
          Could not load the masking rules: {error?.message ?? 'unknown error'}.
        </p>
      )}
      <AddRuleForm />
    </Card>
  );
}

function RulesTable({ rules }: { rules: MaskingRule[] }) {
  const remove = useDeleteMaskingRule();
  if (rules.length === 0)
    return <p className={styles.empty}>No rules yet: only the role and sensitivity defaults apply.</p>;
  return (
    <>
      <table className={styles.table} aria-label="Masking rules">
        <thead>
          <tr>
            <th scope="col">Event type</th>
            <th scope="col">Path</th>
            <th scope="col">Revealed to</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className={styles.hidden}>Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <td>
                <code>{rule.eventType}</code>
              </td>
              <td>
                <code className={styles.path}>{rule.path}</code>
              </td>
              <td>{rule.revealTo}</td>
              <td>{rule.note ?? ''}</td>
              <td>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={remove.isPending}
                  aria-label={`Remove rule ${rule.path} on ${rule.eventType}`}
                  onClick={() => remove.mutate(rule.id)}
                >
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {remove.error ? (
        <p role="alert" className={styles.error}>
          Could not remove the rule: {remove.error.message}
        </p>
      ) : null}
    </>
  );
}

function AddRuleForm() {
  const create = useCreateMaskingRule();
  const [eventType, setEventType] = useState('*');
  const [path, setPath] = useState('');
  const [revealTo, setRevealTo] = useState<(typeof REVEAL_ROLES)[number]>('admin');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { eventType, path, revealTo, ...(note.trim() ? { note } : {}) },
      { onSuccess: () => (setPath(''), setNote('')) },
    );
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label="Add a masking rule">
      <label>
        Event type
        <input
          value={eventType}
          onChange={(e) => setEventType(e.target.value)}
          required
          placeholder="payment.*"
        />
      </label>
      <label>
        JSON path
        <input value={path} onChange={(e) => setPath(e.target.value)} required placeholder="$.card.number" />
      </label>
      <label>
        Revealed to
        <select
          value={revealTo}
          onChange={(e) => setRevealTo(e.target.value as (typeof REVEAL_ROLES)[number])}
        >
          {REVEAL_ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="optional" />
      </label>
      <Button type="submit" variant="primary" disabled={create.isPending}>
        Add rule
      </Button>
      {create.error ? (
        <p role="alert" className={styles.error}>
          Could not add the rule: {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
