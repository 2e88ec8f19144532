import { presentSettings } from '@/server/access/present-settings';
import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** The settings this server runs with (resolved values, passwords hidden). */
export const GET = route({ auth: 'metadata:read' }, async ({ ctx }) => presentSettings(ctx.settings()));
