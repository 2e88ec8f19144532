import type { InputHTMLAttributes } from 'react';
import styles from './text-field.module.css';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> {
  /** The input's id, which its label points at. */
  id: string;
  label: string;
  /** Marks the input invalid (a red border, aria-invalid) while the form shows an error. */
  invalid?: boolean;
}

/** A full-width labelled input for stand-alone forms (sign-in, setup). */
export function TextField({ id, label, invalid = false, ...input }: TextFieldProps) {
  return (
    <div className={styles.field}>
      <label className={styles.label} htmlFor={id}>
        {label}
      </label>
      <input id={id} className={styles.input} aria-invalid={invalid ? true : undefined} {...input} />
    </div>
  );
}

/** A form's error, boxed above its fields; announced when it appears. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className={styles.alert}>
      {message}
    </p>
  );
}
