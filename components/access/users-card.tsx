'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import { useMe } from '@/components/lib/api/get-me';
import { ROLES, type Role } from '@/server/contracts/access';
import { MIN_PASSWORD_LENGTH, type UserRow } from '@/server/contracts/users';
import { useCreateUser, useDeleteUser, useSetUserRole, useUsers } from './api/users';
import { describeRole, isAdmin } from './roles';
import styles from './access.module.css';

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
      <p className={styles.intro}>
        Who may sign in, and with which role: viewer ({describeRole('viewer')}), analyst, operator, admin. A
        role change or a deletion reaches open sessions and tokens within a few seconds.
      </p>
      <CreateUser />
      {users.isPending ? (
        <div aria-busy="true" aria-label="Loading users" className={styles.loading}>
          <Skeleton width={320} />
          <Skeleton width={240} />
        </div>
      ) : users.data ? (
        <UsersTable users={users.data.users} selfId={me.data?.userId ?? ''} />
      ) : (
        <p role="alert" className={styles.error}>
          Could not load the users: {users.error?.message ?? 'unknown error'}.
        </p>
      )}
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
      <form className={styles.form} onSubmit={submit} aria-label="Create a user">
        <label className={styles.field}>
          Email
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="off"
          />
        </label>
        <label className={styles.field}>
          Initial password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
          />
        </label>
        <label className={styles.field}>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r} title={describeRole(r)}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create user
        </Button>
      </form>
      {create.error ? (
        <p role="alert" className={styles.error}>
          Could not create the user: {create.error.message}.
        </p>
      ) : done ? (
        <p role="status" className={styles.muted}>
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
      {error ? (
        <p role="alert" className={styles.error}>
          {error.message}.
        </p>
      ) : null}
      <table className={styles.table} aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col" className={styles.actionsCol}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const lastAdmin = user.role === 'admin' && admins <= 1;
            return (
              <tr key={user.id}>
                <td title={user.email}>
                  {user.email}
                  {user.id === selfId ? <span className={styles.muted}> (you)</span> : null}
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
                <td className={styles.actionsCell}>
                  {confirming === user.id ? (
                    <span className={styles.actions}>
                      <Button
                        size="sm"
                        variant="primary"
                        aria-label={`Confirm deleting ${user.email}`}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(user.id, { onSettled: () => setConfirming(null) })}
                      >
                        Delete
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </span>
                  ) : (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Delete ${user.email}`}
                      disabled={lastAdmin || user.id === selfId}
                      title={
                        lastAdmin
                          ? 'The last admin cannot be deleted'
                          : user.id === selfId
                            ? 'You cannot delete yourself'
                            : undefined
                      }
                      onClick={() => setConfirming(user.id)}
                    >
                      Delete
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
