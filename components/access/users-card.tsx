'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { RelativeTime } from '@/components/ui/relative-time';
import { InlineField, InlineForm } from '@/components/ui/settings/inline-form';
import { CardIntro, InlineError, QueryBody, settingsStyles } from '@/components/ui/settings/query-body';
import { ConfirmRowAction } from '@/components/ui/settings/row-action';
import { ActionsCell, SettingsTable } from '@/components/ui/settings/settings-table';
import { useMe } from '@/components/lib/api/get-me';
import { ROLES, type Role } from '@/server/contracts/access';
import { MIN_PASSWORD_LENGTH, type UserRow } from '@/server/contracts/users';
import { useCreateUser, useDeleteUser, useSetUserRole, useUsers } from './api/users';
import { describeRole, isAdmin } from './roles';

/**
 * Accounts (admins only; the server refuses everyone else): create one with an initial password to
 * hand over, change roles, delete (its sessions and tokens go with it). The last admin stays.
 */
export function UsersCard() {
  const me = useMe();
  const admin = isAdmin(me.data?.role);
  const users = useUsers(admin);
  if (!admin) return null;
  return (
    <Card title="Users">
      <CardIntro>
        Who may sign in, and with which role: viewer ({describeRole('viewer')}), analyst, operator, admin. A
        role change or a deletion reaches open sessions and tokens within a few seconds.
      </CardIntro>
      <CreateUser />
      <QueryBody what="users" query={users}>
        {(data) => <UsersTable users={data.users} selfId={me.data?.userId ?? ''} />}
      </QueryBody>
    </Card>
  );
}

function CreateUser() {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [done, setDone] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), password, role },
      {
        onSuccess: (user) => {
          setDone(user.email);
          setEmail('');
          setPassword('');
        },
      },
    );
  }

  return (
    <>
      <InlineForm label="Create a user" onSubmit={submit}>
        <InlineField label="Email">
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="off"
          />
        </InlineField>
        <InlineField label="Initial password">
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
          />
        </InlineField>
        <InlineField label="Role">
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r} title={describeRole(r)}>
                {r}
              </option>
            ))}
          </select>
        </InlineField>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create user
        </Button>
      </InlineForm>
      {create.error ? (
        <InlineError>Could not create the user: {create.error.message}.</InlineError>
      ) : done ? (
        <p role="status" className={settingsStyles.muted}>
          Created {done}: hand over the initial password; they sign in with it.
        </p>
      ) : null}
    </>
  );
}

function UsersTable({ users, selfId }: { users: UserRow[]; selfId: string }) {
  const setRole = useSetUserRole();
  const remove = useDeleteUser();
  const [confirming, setConfirming] = useState<string | null>(null);
  // the UI mirrors the server's rule; the server refuses it anyway (409)
  const admins = users.filter((u) => u.role === 'admin').length;
  const error = setRole.error ?? remove.error;
  return (
    <>
      {error ? <InlineError>{error.message}.</InlineError> : null}
      <SettingsTable
        label="Users"
        actions="wide"
        columns={
          <>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
          </>
        }
      >
        {users.map((user) => {
          const lastAdmin = user.role === 'admin' && admins <= 1;
          return (
            <tr key={user.id}>
              <td title={user.email}>
                {user.email}
                {user.id === selfId ? <span className={settingsStyles.muted}> (you)</span> : null}
              </td>
              <td>
                <select
                  aria-label={`Role of ${user.email}`}
                  value={user.role}
                  disabled={setRole.isPending}
                  title={lastAdmin ? 'The last admin keeps the admin role' : undefined}
                  onChange={(e) => setRole.mutate({ id: user.id, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r} disabled={lastAdmin && r !== 'admin'}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <RelativeTime value={user.createdAt} />
              </td>
              <ActionsCell>
                <ConfirmRowAction
                  label={`Delete ${user.email}`}
                  confirmLabel={`Confirm deleting ${user.email}`}
                  confirming={confirming === user.id}
                  onConfirming={(asking) => setConfirming(asking ? user.id : null)}
                  pending={remove.isPending}
                  disabled={lastAdmin || user.id === selfId}
                  title={
                    lastAdmin
                      ? 'The last admin cannot be deleted'
                      : user.id === selfId
                        ? 'You cannot delete yourself'
                        : undefined
                  }
                  onAct={() => remove.mutate(user.id, { onSettled: () => setConfirming(null) })}
                >
                  Delete
                </ConfirmRowAction>
              </ActionsCell>
            </tr>
          );
        })}
      </SettingsTable>
    </>
  );
}
