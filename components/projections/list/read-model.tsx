'use client';

import { formatCount } from '@/components/lib/format';
import { Card } from '@/components/ui/card';
import { useProjection } from '../api/get-projection';
import styles from './projections.module.css';

const MASK_REASON = {
  role: 'Values are hidden for your role: you see the model’s keys and fields.',
  rule: 'Values are hidden: a masking rule applies to your role, and a read model cannot tell which value came from that path.',
  confidential: 'Values are hidden: the events are confidential.',
  unparsable: 'Values are hidden.',
} as const;

/** The active generation's read model, a bounded look (the server caps keys and entries). */
export function ReadModelCard({ name }: { name: string }) {
  const { data, isPending, isError, error } = useProjection(name);
  const model = data?.readModel;
  return (
    <Card
      title="Read model"
      aside={model ? <span className={styles.muted}>generation {model.generation}</span> : undefined}
    >
      {isPending ? <p className={styles.muted}>Loading the read model…</p> : null}
      {isError ? <p role="alert">Could not read the read model: {error.message}</p> : null}
      {model && model.keys.length === 0 ? (
        <p className={styles.muted}>Empty: no handler has written to it yet.</p>
      ) : null}
      {model?.masking ? <p className={styles.muted}>{MASK_REASON[model.masking.reason]}</p> : null}
      {model && model.keys.length > 0 ? (
        <div className={styles.modelKeys}>
          {model.keys.map((key) => (
            <section key={key.key} className={styles.modelKey} aria-label={`Read model key ${key.key}`}>
              <h3 className={styles.modelKeyName}>
                <span>{key.key}</span>
                <span className={styles.subtle}>
                  {key.type}
                  {key.type !== 'string' ? ` · ${formatCount(key.size)}` : ''}
                </span>
              </h3>
              <table className={styles.facts}>
                <tbody>
                  {key.entries.map((entry, i) => (
                    <tr key={`${entry.field}/${i}`}>
                      {entry.field !== '' ? <td>{entry.field}</td> : null}
                      <td className={key.type === 'set' || entry.field === '' ? '' : styles.num}>
                        {entry.value}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      ) : null}
      {model?.truncated ? (
        <p className={styles.muted}>Showing the first keys and entries only; read the rest with the SDK.</p>
      ) : null}
    </Card>
  );
}
