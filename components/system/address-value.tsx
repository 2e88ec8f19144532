import { CopyButton } from '@/components/ui/copy-button';
import { TruncatedName } from '@/components/ui/truncated-name';
import styles from './address-value.module.css';

interface AddressValueProps {
  value: string;
  /** What the address is, for the copy button's name: "store address". */
  label: string;
  /** Drawn as code (the settings table) or as plain text (the health list). */
  code?: boolean;
}

/**
 * A connection address (a URL) on one line: broken across lines it read as two values, so it is cut
 * in its middle instead (host and database name both stay visible), whole in its tooltip and copy.
 */
export function AddressValue({ value, label, code = false }: AddressValueProps) {
  return (
    <span className={styles.address}>
      <TruncatedName name={value} tail={16} className={code ? styles.code : undefined} />
      <CopyButton value={value} label={`Copy ${label}`} />
    </span>
  );
}

/** Whether a setting's text is an address (`scheme://…`), drawn by AddressValue. */
export function isAddress(text: string): boolean {
  return /^[a-z][a-z\d+.-]*:\/\/\S+$/i.test(text);
}
