import { splitForMiddle } from './middle-truncate';
import styles from './truncated-name.module.css';

interface TruncatedNameProps {
  name: string;
  /** Characters kept whole at the end. */
  tail?: number;
  className?: string;
  /** The tooltip, when it should say more than the name. */
  title?: string;
}

/**
 * A name that, when it does not fit, is cut in the middle (`payments-wor…7f3a9c21`), the full name in
 * its tooltip. Assistive tech reads the name whole from a hidden copy: browsers would otherwise name
 * the two drawn halves with a space between them.
 */
export function TruncatedName({ name, tail, className, title = name }: TruncatedNameProps) {
  const parts = splitForMiddle(name, tail);
  return (
    <span className={className ? `${styles.name} ${className}` : styles.name} title={title}>
      <span className="visually-hidden">{name}</span>
      <span aria-hidden className={styles.drawn}>
        <span className={styles.head}>{parts.head}</span>
        {parts.tail ? <span className={styles.tail}>{parts.tail}</span> : null}
      </span>
    </span>
  );
}
