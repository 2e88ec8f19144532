'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { InlineField, InlineForm } from '@/components/ui/settings/inline-form';
import { CardIntro, EmptyNote, InlineError, QueryBody } from '@/components/ui/settings/query-body';
import { RowAction } from '@/components/ui/settings/row-action';
import { ActionsCell, SettingsTable } from '@/components/ui/settings/settings-table';
import { REVEAL_ROLES, type MaskingRule } from '@/server/contracts/masking';
import { useCreateMaskingRule, useDeleteMaskingRule, useMaskingRules } from './api/masking-rules';
import styles from './masking-rules-card.module.css';

/**
 * Masking rules (admins): which payload fields are shown as *** to roles below "Revealed to". The
 * server refuses non-admins (403); the card then shows nothing, it does not rely on hiding.
 */
export function MaskingRulesCard() {
  const rules = useMaskingRules();
  if (rules.error instanceof ApiRequestError && rules.error.status === 403) return null;
  return (
    <Card title="Masking rules">
      <CardIntro>
        Viewers never see payload values; events marked <code>confidential</code> are masked below operator. A
        rule masks one JSON path in the payloads of matching event types for every role below the one it is
        revealed to. Paths: <code>$.card.number</code>, <code>$..email</code> (at any depth),{' '}
        <code>$.items[*].iban</code>.
      </CardIntro>
      <QueryBody what="masking rules" query={rules}>
        {(data) => <RulesTable rules={data} />}
      </QueryBody>
      <AddRuleForm />
    </Card>
  );
}

function RulesTable({ rules }: { rules: MaskingRule[] }) {
  const remove = useDeleteMaskingRule();
  if (rules.length === 0)
    return <EmptyNote>No rules yet: only the role and sensitivity defaults apply.</EmptyNote>;
  return (
    <>
      <SettingsTable
        label="Masking rules"
        actions="narrow"
        wrapping
        columns={
          <>
            <th scope="col">Event type</th>
            <th scope="col">Path</th>
            <th scope="col">Revealed to</th>
            <th scope="col">Note</th>
          </>
        }
      >
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
            <ActionsCell>
              <RowAction
                label={`Remove rule ${rule.path} on ${rule.eventType}`}
                disabled={remove.isPending}
                onAct={() => remove.mutate(rule.id)}
              >
                Remove
              </RowAction>
            </ActionsCell>
          </tr>
        ))}
      </SettingsTable>
      {remove.error ? <InlineError>Could not remove the rule: {remove.error.message}</InlineError> : null}
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
    <InlineForm label="Add a masking rule" onSubmit={submit} placement="below">
      <InlineField label="Event type">
        <input
          value={eventType}
          onChange={(e) => setEventType(e.target.value)}
          required
          placeholder="payment.*"
        />
      </InlineField>
      <InlineField label="JSON path">
        <input value={path} onChange={(e) => setPath(e.target.value)} required placeholder="$.card.number" />
      </InlineField>
      <InlineField label="Revealed to">
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
      </InlineField>
      <InlineField label="Note">
        <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="optional" />
      </InlineField>
      <Button type="submit" variant="primary" disabled={create.isPending}>
        Add rule
      </Button>
      {create.error ? <InlineError>Could not add the rule: {create.error.message}</InlineError> : null}
    </InlineForm>
  );
}
