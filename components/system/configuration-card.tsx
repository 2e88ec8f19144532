'use client';

import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { CardIntro, QueryBody } from '@/components/ui/settings/query-body';
import { SettingsTable } from '@/components/ui/settings/settings-table';
import type { SettingRow, SettingsSection } from '@/server/contracts/settings';
import { useSettings } from './api/get-settings';
import { AddressValue, isAddress } from './address-value';
import { formatSettingValue } from './settings-value';
import styles from './configuration-card.module.css';

/**
 * The settings this server runs with, as it resolved them (a default in use is shown as the value,
 * marked "default"). Read-only: the server reads its environment once at start-up.
 */
export function ConfigurationCard() {
  const settings = useSettings();
  return (
    <Card title="Settings in use">
      <CardIntro>
        Read from environment variables when the server started; change a variable and restart the server to
        change one. Passwords are hidden.
      </CardIntro>
      <QueryBody what="settings" query={settings} lines={4}>
        {(data) => (
          <div className={styles.sections}>
            {data.sections.map((section) => (
              <SectionTable key={section.title} section={section} />
            ))}
          </div>
        )}
      </QueryBody>
    </Card>
  );
}

function SectionTable({ section }: { section: SettingsSection }) {
  const id = `settings-${section.title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className={styles.section}>
      <h3 id={id} className={styles.sectionTitle}>
        {section.title}
      </h3>
      <SettingsTable
        labelledBy={id}
        wrapping
        fixed
        className={styles.columns}
        columns={
          <>
            <th scope="col">Setting</th>
            <th scope="col">In use</th>
            <th scope="col">Variable</th>
          </>
        }
      >
        {section.rows.map((row) => (
          <SettingRowView key={`${row.variable ?? ''}:${row.label}`} row={row} />
        ))}
      </SettingsTable>
    </div>
  );
}

const SOURCE_LABEL: Record<SettingRow['source'], string> = {
  environment: 'set',
  default: 'default',
  derived: 'derived',
};

function SettingValue({ text, label }: { text: string; label: string }) {
  if (isAddress(text)) return <AddressValue value={text} label={`${label.toLowerCase()} address`} code />;
  return <code className={styles.value}>{text}</code>;
}

function SettingRowView({ row }: { row: SettingRow }) {
  return (
    <tr>
      <th scope="row">{row.label}</th>
      <td>
        <SettingValue text={formatSettingValue(row)} label={row.label} />
        {row.note ? <span className={styles.note}>{row.note}</span> : null}
      </td>
      <td>
        <span className={styles.variable}>
          {row.variable ? <code>{row.variable}</code> : null}
          <Badge tone="neutral" dot={false}>
            {SOURCE_LABEL[row.source]}
          </Badge>
        </span>
      </td>
    </tr>
  );
}
