import type { SettingRow, SettingsInUse } from '@/server/contracts/settings';
import { maskCredentials } from './mask';

const maskValue = (value: SettingRow['value']): SettingRow['value'] =>
  typeof value === 'string'
    ? maskCredentials(value)
    : Array.isArray(value)
      ? value.map(maskCredentials)
      : value;

/** The settings in use as they leave the server: passwords hidden in every value and note. */
export function presentSettings(settings: SettingsInUse): SettingsInUse {
  return {
    sections: settings.sections.map((section) => ({
      title: section.title,
      rows: section.rows.map((row) => ({
        ...row,
        value: maskValue(row.value),
        ...(row.note === undefined ? {} : { note: maskCredentials(row.note) }),
      })),
    })),
  };
}
