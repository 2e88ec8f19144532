'use client';

import { ChevronDown } from 'lucide-react';
import styles from './group-picker.module.css';

interface GroupPickerProps {
  value: string | null;
  options: readonly { value: string; label: string }[];
  onChange: (group: string | null) => void;
}

const ALL = '';

/** Chooses the consumer group a chart shows; "All groups" first. A group from the URL stays listed. */
export function GroupPicker({ value, options, onChange }: GroupPickerProps) {
  const listed =
    value === null || options.some((o) => o.value === value)
      ? options
      : [{ value, label: value }, ...options];
  return (
    <label className={styles.picker}>
      <span className="visually-hidden">Group</span>
      <select
        className={styles.select}
        value={value ?? ALL}
        onChange={(event) => onChange(event.target.value === ALL ? null : event.target.value)}
      >
        <option value={ALL}>All groups</option>
        {listed.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ChevronDown size={14} aria-hidden className={styles.chevron} />
    </label>
  );
}
