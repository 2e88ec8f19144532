import { z } from 'zod';

/** How the UI formats a number (components/lib/format). */
export const SettingUnit = z.enum(['bytes', 'days', 'seconds', 'per-second', 'count']);
export type SettingUnit = z.infer<typeof SettingUnit>;

/** One setting as the running server uses it. */
export const SettingRow = z.object({
  /** What it is, for people: "Redis", "Retention". */
  label: z.string(),
  /** The environment variable that sets it, or null for a value derived from others. */
  variable: z.string().nullable(),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
  unit: SettingUnit.optional(),
  /** `environment`: set in the environment; `default`: unset, so the default is used; `derived`: follows from others. */
  source: z.enum(['environment', 'default', 'derived']),
  note: z.string().optional(),
});
export type SettingRow = z.infer<typeof SettingRow>;

export const SettingsSection = z.object({ title: z.string(), rows: z.array(SettingRow) });
export type SettingsSection = z.infer<typeof SettingsSection>;

/** GET /api/settings: the settings in use, URLs with their password hidden. */
export const SettingsInUse = z.object({ sections: z.array(SettingsSection) });
export type SettingsInUse = z.infer<typeof SettingsInUse>;
