'use client';

import { X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { StatusDot } from '@/components/ui/status-dot';
import type { FlowFilter } from './filter';
import { SnapshotAge } from './snapshot-age';
import styles from './flows-view.module.css';

interface FlowToolbarProps {
  filter: FlowFilter;
  topics: readonly string[];
  services: readonly string[];
  onChange: (change: Partial<FlowFilter>) => void;
  shown: { nodes: number; edges: number };
  generatedAt: string;
}

/** Filters above the graph (kept in the URL by the caller), what is shown, and an edge colour key. */
export function FlowToolbar({ filter, topics, services, onChange, shown, generatedAt }: FlowToolbarProps) {
  const filtered = filter.topic !== null || filter.service !== null;
  return (
    <div className={styles.toolbar}>
      <div className={styles.filters} role="search" aria-label="Filter the flow graph">
        <FilterSelect
          id="flows-topic"
          label="Topic"
          value={filter.topic}
          options={topics}
          onChange={(topic) => onChange({ topic })}
        />
        <FilterSelect
          id="flows-service"
          label="Service"
          value={filter.service}
          options={services}
          onChange={(service) => onChange({ service })}
        />
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => onChange({ topic: null, service: null })}>
            <X size={14} aria-hidden /> Clear filters
          </Button>
        ) : null}
      </div>
      <div className={styles.summary}>
        <span>
          {shown.nodes} nodes · {shown.edges} flows
        </span>
        <span className={styles.updated}>
          updated <SnapshotAge value={generatedAt} />
        </span>
        <span className={styles.legend} aria-label="Edge colours: error rate of deliveries">
          <span className={styles.legendItem}>
            <StatusDot tone="ok" /> &lt;5% errors
          </span>
          <span className={styles.legendItem}>
            <StatusDot tone="degraded" /> ≥5%
          </span>
          <span className={styles.legendItem}>
            <StatusDot tone="failing" /> ≥50%
          </span>
        </span>
      </div>
    </div>
  );
}

interface FilterSelectProps {
  id: string;
  label: string;
  value: string | null;
  options: readonly string[];
  onChange: (value: string | null) => void;
}

function FilterSelect({ id, label, value, options, onChange }: FilterSelectProps) {
  // a name from the URL that the graph does not have (yet) stays selectable, so the URL is the truth
  const all = value !== null && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.fieldLabel}>
        {label}
      </label>
      <select
        id={id}
        className={styles.select}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">All</option>
        {all.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
