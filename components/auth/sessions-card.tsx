'use client';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import type { SessionInfo } from '@/server/contracts/sessions';
import { useRevokeOtherSessions, useRevokeSession, useSessions } from './api/sessions';
import { describeUserAgent } from './user-agent';
import styles from './sessions-card.module.css';

/** The signed-in user's sessions, with revoke one and "sign out everywhere else" (both audited). */
export function SessionsCard() {
  const { data, error, isPending } = useSessions();
  const revokeOthers = useRevokeOtherSessions();
  const others = data?.sessions.filter((session) => !session.current).length ?? 0;
  return (
    <Card
      title="Sessions"
      aside={
        <Button
          size="sm"
          disabled={others === 0 || revokeOthers.isPending}
          onClick={() => revokeOthers.mutate()}
        >
          Sign out everywhere else
        </Button>
      }
    >
      <p className={styles.intro}>
        Browsers signed in as you. Revoking a session signs that browser out within a few seconds.
      </p>
      {revokeOthers.error ? (
        <p role="alert" className={styles.error}>
          Could not sign out the other sessions: {revokeOthers.error.message}.
        </p>
      ) : null}
      {isPending ? (
        <div aria-busy="true" aria-label="Loading sessions" className={styles.loading}>
          <Skeleton width={320} />
          <Skeleton width={240} />
        </div>
      ) : data ? (
        data.sessions.length === 0 ? (
          <p className={styles.empty}>
            No sessions: this browser is not signed in with a session (demo mode or an API token).
          </p>
        ) : (
          <SessionsTable sessions={data.sessions} />
        )
      ) : (
        <p role="alert" className={styles.error}>
          Could not load the sessions: {error?.message ?? 'unknown error'}.
        </p>
      )}
    </Card>
  );
}

function SessionsTable({ sessions }: { sessions: SessionInfo[] }) {
  const revoke = useRevokeSession();
  return (
    <>
      {revoke.error ? (
        <p role="alert" className={styles.error}>
          Could not revoke the session: {revoke.error.message}.
        </p>
      ) : null}
      <table className={styles.table} aria-label="Sessions">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">IP address</th>
            <th scope="col">Signed in</th>
            <th scope="col" title="Renewed at most once a day while in use">
              Last active
            </th>
            <th scope="col" className={styles.actionsCol}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id}>
              <td title={session.userAgent ?? undefined}>
                <span className={styles.device}>
                  {describeUserAgent(session.userAgent)}
                  {session.current ? <Badge>This browser</Badge> : null}
                </span>
              </td>
              <td className={styles.mono}>{session.ipAddress ?? '—'}</td>
              <td>
                <RelativeTime value={session.createdAt} />
              </td>
              <td>
                <RelativeTime value={session.lastActiveAt} />
              </td>
              <td className={styles.actionsCell}>
                {session.current ? null : (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Revoke ${describeUserAgent(session.userAgent)} session`}
                    disabled={revoke.isPending && revoke.variables === session.id}
                    onClick={() => revoke.mutate(session.id)}
                  >
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
