'use client';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { RelativeTime } from '@/components/ui/relative-time';
import { CardIntro, EmptyNote, InlineError, QueryBody } from '@/components/ui/settings/query-body';
import { MutationRowAction } from '@/components/ui/settings/row-action';
import { ActionsCell, SettingsTable, tableStyles } from '@/components/ui/settings/settings-table';
import type { SessionInfo } from '@/server/contracts/sessions';
import { useRevokeOtherSessions, useRevokeSession, useSessions } from './api/sessions';
import { describeUserAgent } from './user-agent';
import styles from './sessions-card.module.css';

/** The signed-in user's sessions, with revoke one and "sign out everywhere else" (both audited). */
export function SessionsCard() {
  const sessions = useSessions();
  const revokeOthers = useRevokeOtherSessions();
  const others = sessions.data?.sessions.filter((session) => !session.current).length ?? 0;
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
      <CardIntro>
        Browsers signed in as you. Revoking a session signs that browser out within a few seconds.
      </CardIntro>
      {revokeOthers.error ? (
        <InlineError>Could not sign out the other sessions: {revokeOthers.error.message}.</InlineError>
      ) : null}
      <QueryBody what="sessions" query={sessions}>
        {(data) =>
          data.sessions.length === 0 ? (
            <EmptyNote>
              No sessions: this browser is not signed in with a session (demo mode or an API token).
            </EmptyNote>
          ) : (
            <SessionsTable sessions={data.sessions} />
          )
        }
      </QueryBody>
    </Card>
  );
}

function SessionsTable({ sessions }: { sessions: SessionInfo[] }) {
  const revoke = useRevokeSession();
  return (
    <>
      {revoke.error ? <InlineError>Could not revoke the session: {revoke.error.message}.</InlineError> : null}
      <SettingsTable
        label="Sessions"
        actions="narrow"
        columns={
          <>
            <th scope="col">Device</th>
            <th scope="col">IP address</th>
            <th scope="col">Signed in</th>
            <th scope="col" title="Renewed at most once a day while in use">
              Last active
            </th>
          </>
        }
      >
        {sessions.map((session) => (
          <tr key={session.id}>
            <td title={session.userAgent ?? undefined}>
              <span className={styles.device}>
                {describeUserAgent(session.userAgent)}
                {session.current ? <Badge>This browser</Badge> : null}
              </span>
            </td>
            <td className={tableStyles.mono}>{session.ipAddress ?? '—'}</td>
            <td>
              <RelativeTime value={session.createdAt} />
            </td>
            <td>
              <RelativeTime value={session.lastActiveAt} />
            </td>
            <ActionsCell>
              {session.current ? null : (
                <MutationRowAction
                  label={`Revoke ${describeUserAgent(session.userAgent)} session`}
                  mutation={revoke}
                  value={session.id}
                >
                  Revoke
                </MutationRowAction>
              )}
            </ActionsCell>
          </tr>
        ))}
      </SettingsTable>
    </>
  );
}
