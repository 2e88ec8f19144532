import type { FormEvent, ReactNode } from 'react';
import styles from './settings.module.css';

interface InlineFormProps {
  /** Names the form for assistive tech ("Create an API token"). */
  label: string;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  /** Above the card's table (a spacer under it) or below it (a spacer over it). */
  placement?: 'above' | 'below';
  children: ReactNode;
}

/** A settings card's one-row form: labelled fields side by side, wrapping, the submit button last. */
export const InlineForm = ({ label, onSubmit, placement = 'above', children }: InlineFormProps) => (
  <form className={`${styles.form} ${styles[placement]}`} onSubmit={onSubmit} aria-label={label}>
    {children}
  </form>
);

/** A small label over its input or select; the label text names the control. */
export const InlineField = ({ label, children }: { label: string; children: ReactNode }) => (
  <label className={styles.field}>
    {label}
    {children}
  </label>
);
