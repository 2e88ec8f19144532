'use client';

import { Workflow } from 'lucide-react';
import { formatCount } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { SagaDefinitionSummary } from '@/server/contracts/sagas';
import { SAGA_STATUSES } from '@/server/contracts/saga-events';
import { latestVersions } from '../lib/latest-versions';
import { SAGA_STATUS_LABEL, SAGA_STATUS_TONE } from '../lib/status';
import { DefinitionDiagram } from './definition-diagram';
import styles from './definitions.module.css';

interface DefinitionsPanelProps {
  definitions: readonly SagaDefinitionSummary[];
  /** The definition the list is filtered to ('' for none): its diagram is drawn. */
  selected: string;
  onSelect(name: string): void;
}

/**
 * Every announced definition with its instances per status (live), and the diagram of the one the list
 * is filtered to. Picking a definition here filters the list below to it.
 */
export function DefinitionsPanel({ definitions, selected, onSelect }: DefinitionsPanelProps) {
  const rows = latestVersions(definitions);
  const shown = rows.find((definition) => definition.name === selected) ?? null;
  return (
    <section aria-label="Saga definitions" className={styles.panel}>
      <header className={styles.header}>
        <h2 className={styles.title}>
          <Workflow size={15} aria-hidden />
          Definitions
        </h2>
        <p className={styles.note}>
          {shown ? `Instances on each step of ${shown.name}, live.` : 'Pick a definition to draw its steps.'}
        </p>
      </header>
      <table className={styles.table} aria-label="Definitions and their instances">
        <thead>
          <tr>
            <th scope="col">Definition</th>
            <th scope="col">Kind</th>
            <th scope="col">Steps</th>
            {SAGA_STATUSES.map((status) => (
              <th key={status} scope="col" className={styles.num}>
                {SAGA_STATUS_LABEL[status]}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Diagram</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((definition) => {
            const isShown = shown?.name === definition.name;
            return (
              <tr key={definition.name} aria-selected={isShown}>
                <th scope="row" className={styles.name}>
                  {definition.name} <span className={styles.version}>v{definition.version}</span>
                </th>
                <td>
                  <Badge>{definition.kind}</Badge>
                </td>
                <td className={styles.num}>{formatCount(definition.steps.length)}</td>
                {SAGA_STATUSES.map((status) => {
                  const count = definition.instances[status] ?? 0;
                  return (
                    <td
                      key={status}
                      className={styles.num}
                      data-tone={count > 0 ? SAGA_STATUS_TONE[status] : undefined}
                    >
                      {formatCount(count)}
                    </td>
                  );
                })}
                <td className={styles.action}>
                  <Button
                    size="sm"
                    variant={isShown ? 'secondary' : 'ghost'}
                    aria-pressed={isShown}
                    aria-label={`Show ${definition.name}`}
                    onClick={() => onSelect(isShown ? '' : definition.name)}
                  >
                    {isShown ? 'Shown' : 'Show'}
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown ? <DefinitionDiagram definition={shown} /> : null}
    </section>
  );
}
