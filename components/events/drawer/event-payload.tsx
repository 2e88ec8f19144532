'use client';

import { Download } from 'lucide-react';
import { useMemo } from 'react';
import { Badge } from '@/components/ui/badge';
import { DrawerSection } from '@/components/ui/drawer-shell';
import type { MaskInfo } from '@/server/contracts/masking';
import type { PayloadPreview } from '@/server/contracts/payload';
import { formatBytes } from '@/components/lib/format';
import { indentJsonText } from '../lib/partial-json';
import { CopyTextButton } from './copy-text-button';
import { JsonTree } from './json-tree';
import styles from './drawer.module.css';
import treeStyles from './json-tree.module.css';
import { useRoleAtLeast } from '@/components/lib/principal';

interface EventPayloadProps {
  /** "Data" or "Raw fields": the section's title and the start of its labels. */
  title: string;
  preview: PayloadPreview;
  /** Names the tree (or the preview text) for assistive tech: "Event data". */
  label: string;
  downloadHref: string;
}

/**
 * One payload of the open event. A whole payload (within the server's preview budget) is a JSON tree;
 * a larger one shows its start, indented, says plainly that it is cut and how big the whole is, and
 * offers the whole as a download.
 */
export function EventPayload({ title, preview, label, downloadHref }: EventPayloadProps) {
  // downloads need payload:read (analyst and up); the server refuses them regardless
  const mayDownload = useRoleAtLeast('analyst');
  const parsed = useMemo(() => (preview.truncated ? undefined : parseOrUndefined(preview.text)), [preview]);
  const size = formatBytes(preview.sizeBytes);
  const lower = title.toLowerCase();
  return (
    <DrawerSection
      title={title}
      aside={
        <div className={styles.payloadActions}>
          <span className={styles.muted}>{size}</span>
          {preview.truncated ? <Badge tone="degraded">Truncated</Badge> : null}
          {preview.masked ? <Badge tone="degraded">Masked</Badge> : null}
          <CopyTextButton
            value={() => (parsed === undefined ? preview.text : JSON.stringify(parsed, null, 2))}
          >
            {preview.truncated ? 'Copy preview' : `Copy ${lower}`}
          </CopyTextButton>
          {mayDownload ? (
            <a
              className={styles.linkButton}
              href={downloadHref}
              download
              aria-label={`Download ${lower} (${size})`}
            >
              <Download size={14} aria-hidden />
              Download
            </a>
          ) : null}
        </div>
      }
    >
      {preview.masked ? (
        <p className={treeStyles.notice} role="note">
          {maskedNote(preview.masked)}
        </p>
      ) : null}
      {preview.truncated ? (
        <>
          <p className={treeStyles.notice} role="note">
            Showing the first {formatBytes(utf8Length(preview.text))} of {size}.
            {mayDownload ? ` Download the whole ${lower} to see the rest.` : ''}
          </p>
          <pre
            className={`${treeStyles.root} ${styles.preview}`}
            aria-label={`${label} (preview, truncated)`}
            tabIndex={0}
          >
            {indentJsonText(preview.text)}
            <span className={styles.cutMark}>… truncated</span>
          </pre>
        </>
      ) : parsed === undefined ? (
        <pre className={`${treeStyles.root} ${styles.preview}`} aria-label={label} tabIndex={0}>
          {preview.text}
        </pre>
      ) : (
        <JsonTree value={parsed} label={label} />
      )}
    </DrawerSection>
  );
}

const MASK_REASON: Record<MaskInfo['reason'], string> = {
  role: 'Your role sees the payload’s shape, not its values',
  confidential: 'This event is confidential: its values are masked below operator',
  rule: 'Values are masked for your role by a masking rule',
  unparsable:
    'A masking rule applies and this preview is cut, so all of it is masked; the download masks only the rule’s fields',
};

/** What the reader is told about masked values (shown as *** in the payload). */
function maskedNote(masked: MaskInfo): string {
  if (masked.all) return `${MASK_REASON[masked.reason]}.`;
  return `Masked for your role (shown as ***): ${masked.paths.join(', ')}.`;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
