import { ShieldAlert } from 'lucide-react';
import type { MaskInfo } from '@/server/contracts/masking';
import styles from './drawer.module.css';

/** JSON or text in a monospace box that scrolls rather than stretching the drawer. */
export function CodeBlock({ label, text }: { label: string; text: string }) {
  return (
    <pre className={styles.code} aria-label={label} tabIndex={0}>
      {text}
    </pre>
  );
}

const REASONS: Record<MaskInfo['reason'], string> = {
  role: 'your role sees values masked',
  confidential: 'the event is marked confidential',
  rule: 'a masking rule applies',
  unparsable: 'the payload could not be parsed, so all of it is masked',
};

/** Says that (and why) values shown are masked for the caller: `***` is not the value. */
export function MaskedNote({ masked }: { masked: MaskInfo | undefined }) {
  if (!masked) return null;
  const what = masked.all ? 'All values masked' : `${masked.paths.length} masked`;
  return (
    <span className={styles.masked} title={masked.paths.join(', ') || undefined}>
      <ShieldAlert size={13} aria-hidden />
      {what}: {REASONS[masked.reason]}
    </span>
  );
}
