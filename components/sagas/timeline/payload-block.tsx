'use client';

import { ShieldAlert } from 'lucide-react';
import { useState } from 'react';
import { formatCount } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import type { MaskInfo } from '@/server/contracts/masking';
import styles from './gantt.module.css';

/** Characters drawn at first; the rest on request, so a large payload does not stall the page. */
const PREVIEW_CHARS = 4_000;

const MASK_REASON: Record<MaskInfo['reason'], string> = {
  role: 'your role sees values masked',
  confidential: 'the payload is marked confidential',
  rule: 'a masking rule applies',
  unparsable: 'the payload could not be parsed, so all of it is masked',
};

interface PayloadBlockProps {
  title: string;
  /** The code block's accessible name. */
  label: string;
  value: unknown;
  masking: MaskInfo | undefined;
}

/** A payload as the server sent it (already masked for the caller), pretty-printed, copyable, bounded. */
export function PayloadBlock({ title, label, value, masking }: PayloadBlockProps) {
  const [whole, setWhole] = useState(false);
  const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  const cut = !whole && text.length > PREVIEW_CHARS;
  return (
    <div className={styles.detailBlock}>
      <h3 className={styles.detailTitle}>
        {title}
        <CopyButton value={text} label={`Copy ${title.toLowerCase()}`} />
        {masking ? (
          <span className={styles.masked} title={masking.paths.join(', ') || undefined}>
            <ShieldAlert size={13} aria-hidden />
            {masking.all ? 'All values masked' : `${formatCount(masking.paths.length)} masked`}:{' '}
            {MASK_REASON[masking.reason]}
          </span>
        ) : null}
      </h3>
      <pre className={styles.code} aria-label={label} tabIndex={0}>
        {cut ? `${text.slice(0, PREVIEW_CHARS)}…` : text}
      </pre>
      {cut ? (
        <Button size="sm" variant="ghost" onClick={() => setWhole(true)}>
          Show all {formatCount(text.length)} characters
        </Button>
      ) : null}
    </div>
  );
}
