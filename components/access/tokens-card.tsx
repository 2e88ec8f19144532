'use client';

import { useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import { InlineField, InlineForm } from '@/components/ui/settings/inline-form';
import {
  CardIntro,
  EmptyNote,
  InlineError,
  QueryBody,
  settingsStyles,
} from '@/components/ui/settings/query-body';
import { MutationRowAction } from '@/components/ui/settings/row-action';
import { ActionsCell, SettingsTable, tableStyles } from '@/components/ui/settings/settings-table';
import { useMe } from '@/components/lib/api/get-me';
import type { Role } from '@/server/contracts/access';
import type { CreatedToken, TokenRow } from '@/server/contracts/tokens';
import { useCreateToken, useRevokeToken, useTokens } from './api/tokens';
import { describeRole, isAdmin, rolesUpTo } from './roles';
import styles from './access.module.css';

const EXPIRIES: { label: string; days: number | null }[] = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
  { label: 'Never', days: null },
];

/**
 * API tokens for scripts and the CLI (`Authorization: Bearer …`, EVENTLENS_TOKEN): create one with a
 * role no higher than yours, copy its secret (shown once), see when each was last used, revoke.
 */
export function TokensCard() {
  const me = useMe();
  const [everyone, setEveryone] = useState(false);
  const admin = isAdmin(me.data?.role);
  const tokens = useTokens(admin && everyone);
  return (
    <Card
      title="API tokens"
      aside={
        admin ? (
          <label className={settingsStyles.check}>
            <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} />
            Show everyone’s tokens
          </label>
        ) : null
      }
    >
      <CardIntro>
        For scripts and the <code>eventlens</code> CLI: send a token as{' '}
        <code>Authorization: Bearer &lt;token&gt;</code> or set it as <code>EVENTLENS_TOKEN</code>. A token
        acts as you, with at most the role it was given and never more than yours.
      </CardIntro>
      {me.data ? <CreateToken role={me.data.role} /> : null}
      <QueryBody what="API tokens" query={tokens}>
        {(data) =>
          data.tokens.length === 0 ? (
            <EmptyNote>No API tokens yet: create one above for a script or the CLI.</EmptyNote>
          ) : (
            <TokensTable tokens={data.tokens} showOwner={admin && everyone} />
          )
        }
      </QueryBody>
    </Card>
  );
}

function CreateToken({ role }: { role: Role }) {
  const create = useCreateToken();
  const roles = rolesUpTo(role);
  const [name, setName] = useState('');
  const [tokenRole, setTokenRole] = useState<Role>(roles[0]!);
  const [expiry, setExpiry] = useState('30 days');
  const [created, setCreated] = useState<CreatedToken | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const days = EXPIRIES.find((e) => e.label === expiry)?.days ?? null;
    create.mutate(
      { name: name.trim(), role: tokenRole, expiresInDays: days },
      {
        onSuccess: (result) => {
          setCreated(result);
          setName('');
        },
      },
    );
  }

  return (
    <>
      <InlineForm label="Create an API token" onSubmit={submit}>
        <InlineField label="Token name">
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            placeholder="ci-replays"
          />
        </InlineField>
        <InlineField label="Role">
          <select value={tokenRole} onChange={(e) => setTokenRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r} title={describeRole(r)}>
                {r}
              </option>
            ))}
          </select>
        </InlineField>
        <InlineField label="Expires">
          <select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRIES.map((e) => (
              <option key={e.label}>{e.label}</option>
            ))}
          </select>
        </InlineField>
        <Button type="submit" variant="primary" disabled={create.isPending || name.trim() === ''}>
          Create token
        </Button>
      </InlineForm>
      {create.error ? <InlineError>Could not create the token: {create.error.message}.</InlineError> : null}
      {created ? (
        <div className={styles.secret} role="status" aria-label="New API token">
          <strong>Copy the token “{created.token.name}” now: it will not be shown again.</strong>
          <span className={styles.secretValue}>
            <code>{created.secret}</code>
            <CopyButton value={created.secret} label="Copy token" />
          </span>
          <span>
            <Button size="sm" onClick={() => setCreated(null)}>
              Done
            </Button>
          </span>
        </div>
      ) : null}
    </>
  );
}

function tokenState(token: TokenRow): { label: string; tone: 'neutral' | 'failing' | 'degraded' } | null {
  if (token.revokedAt) return { label: 'Revoked', tone: 'failing' };
  if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now())
    return { label: 'Expired', tone: 'degraded' };
  return null;
}

function TokensTable({ tokens, showOwner }: { tokens: TokenRow[]; showOwner: boolean }) {
  const revoke = useRevokeToken();
  return (
    <>
      {revoke.error ? <InlineError>Could not revoke the token: {revoke.error.message}.</InlineError> : null}
      <SettingsTable
        label="API tokens"
        actions="wide"
        columns={
          <>
            <th scope="col">Name</th>
            {showOwner ? <th scope="col">Owner</th> : null}
            <th scope="col">Token</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
          </>
        }
      >
        {tokens.map((token) => {
          const state = tokenState(token);
          return (
            <tr key={token.id}>
              <td title={token.name}>{token.name}</td>
              {showOwner ? <td title={token.ownerEmail}>{token.ownerEmail}</td> : null}
              <td className={tableStyles.mono}>{token.hint}</td>
              <td>{token.role}</td>
              <td>
                <RelativeTime value={token.createdAt} />
              </td>
              <td>
                {token.expiresAt ? (
                  <RelativeTime value={token.expiresAt} />
                ) : (
                  <span className={settingsStyles.muted}>never</span>
                )}
              </td>
              <td>
                {token.lastUsedAt ? (
                  <RelativeTime value={token.lastUsedAt} />
                ) : (
                  <span className={settingsStyles.muted}>never</span>
                )}
              </td>
              <ActionsCell>
                {state ? (
                  <Badge tone={state.tone}>{state.label}</Badge>
                ) : (
                  <MutationRowAction label={`Revoke token ${token.name}`} mutation={revoke} value={token.id}>
                    Revoke
                  </MutationRowAction>
                )}
              </ActionsCell>
            </tr>
          );
        })}
      </SettingsTable>
    </>
  );
}
