import { presentSettings } from '@/server/access/present-settings';
import { SettingsInUse } from '@/server/contracts/settings';
import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** The settings this server runs with (resolved values, passwords hidden). */
export const GET = route(
  { auth: 'metadata:read', summary: 'The settings this server runs with', response: SettingsInUse },
  async ({ ctx }) => presentSettings(ctx.settings()),
);
