import { formatCount, formatDuration, plural } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import type { ReplayPlan } from '@/server/contracts/replays';
import styles from './replay.module.css';

/**
 * What the replay will do, as the server froze it: how many letters, where they go and who receives
 * them (idempotent or not), how many chains and subjects, and what deserves a second look.
 */
export function PlanSummary({ plan }: { plan: ReplayPlan }) {
  const warnings = [
    plan.failedAfterReplay > 0 &&
      `${plural(plan.failedAfterReplay, 'letter')} already failed again after an earlier replay`,
    plan.inOtherJobs > 0 && `${plural(plan.inOtherJobs, 'letter')} already in another job (left out)`,
    plan.withoutEnvelope > 0 &&
      `${plural(plan.withoutEnvelope, 'letter')} without an envelope (replayed as raw fields)`,
    plan.groups.some((group) => group.idempotent !== true) &&
      'Some receiving groups have not declared idempotent handlers: they may apply an event twice',
  ].filter((warning): warning is string => typeof warning === 'string');

  return (
    <section aria-label="Replay preview" className={styles.plan}>
      <dl className={styles.figures}>
        <div>
          <dt>Letters</dt>
          <dd>{formatCount(plan.count)}</dd>
        </div>
        <div>
          <dt>Correlation chains</dt>
          <dd>{formatCount(plan.correlationChains)}</dd>
        </div>
        <div>
          <dt>Subjects</dt>
          <dd>{formatCount(plan.subjects)}</dd>
        </div>
        <div>
          <dt>Takes about</dt>
          <dd>{formatDuration(plan.estimatedSeconds * 1000)}</dd>
        </div>
      </dl>

      <div className={styles.planColumns}>
        <div>
          <h4 className={styles.planTitle}>Topics</h4>
          <ul className={styles.planList}>
            {plan.topics.map((topic) => (
              <li key={topic.name}>
                <span className={styles.mono}>{topic.name}</span>{' '}
                <span className={styles.muted}>{formatCount(topic.count)}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4 className={styles.planTitle}>Receiving groups</h4>
          <table className={styles.planTable} aria-label="Receiving groups">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Idempotent</th>
                <th scope="col">Events</th>
              </tr>
            </thead>
            <tbody>
              {plan.groups.map((group) => (
                <tr key={`${group.topic}/${group.name}`}>
                  <td>
                    <span className={styles.mono}>{group.name}</span>
                    <span className={styles.muted}> on {group.topic}</span>
                  </td>
                  <td>
                    {group.idempotent === true ? (
                      <Badge tone="ok">yes</Badge>
                    ) : group.idempotent === false ? (
                      <Badge tone="degraded">no</Badge>
                    ) : (
                      <Badge>unknown</Badge>
                    )}
                  </td>
                  <td className={styles.num}>{formatCount(group.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {plan.hotSubjects.length > 0 ? (
        <p className={styles.muted}>
          Hot subjects (replayed events of one subject may apply out of order):{' '}
          {plan.hotSubjects.map((subject) => `${subject.name} ×${formatCount(subject.count)}`).join(', ')}
        </p>
      ) : null}

      {warnings.length > 0 ? (
        <ul className={styles.warnings}>
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}

      {plan.needsApproval ? (
        <p className={styles.approval} role="note">
          Needs approval by a second admin{plan.approvalReason ? `: ${plan.approvalReason}` : ''}. The job
          waits in Approvals until then.
        </p>
      ) : null}

      {plan.edit ? (
        <div className={styles.editResult}>
          <h4 className={styles.planTitle}>Edited event</h4>
          {plan.edit.valid ? (
            <p className={styles.ok}>Valid against the registered schema.</p>
          ) : (
            <ul className={styles.errors} aria-label="Validation errors">
              {plan.edit.errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          )}
          {plan.edit.diff.length > 0 ? (
            <pre className={styles.diff} aria-label="Changes">
              {plan.edit.diff.join('\n')}
            </pre>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
