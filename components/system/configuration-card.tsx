import { Card } from '@/components/ui/card';
import styles from './configuration-card.module.css';

const VARIABLES = [
  { name: 'REDIS_URL', fallback: 'redis://127.0.0.1:6379' },
  { name: 'DATABASE_URL', fallback: 'embedded PGlite under .data/pglite' },
] as const;

/** Where configuration comes from. Read-only: the server reads its environment once at start-up. */
export function ConfigurationCard() {
  return (
    <Card title="Configuration">
      <p className={styles.intro}>
        EventLens reads its configuration from environment variables when the server starts. Nothing can be
        edited here yet: change a variable and restart the server.
      </p>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Variable</th>
            <th scope="col">When unset</th>
          </tr>
        </thead>
        <tbody>
          {VARIABLES.map(({ name, fallback }) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>{fallback}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
