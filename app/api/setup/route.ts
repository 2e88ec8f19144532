import { z } from 'zod';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { completeSetup } from '@/server/services/setup';

export const dynamic = 'force-dynamic';

const SetupBody = z.object({
  token: z.string().min(1).max(200),
  email: z.email({ error: 'expected an email address' }).max(320),
  // better-auth's minimum for every password (server/auth/better-auth.ts)
  password: z.string().min(10, { error: 'expected at least 10 characters' }).max(128),
});

/**
 * The first admin, created by the holder of the one-time setup link the server logged (public: there
 * is nobody to sign in as yet; the link's token is the credential).
 */
export const POST = route(
  {
    auth: 'public',
    summary: 'Create the first admin with a one-time setup link',
    body: SetupBody,
    responseType: 'application/json ({id, email}), 201',
  },
  async ({ ctx, body, request }) => {
    const user = await completeSetup({ db: ctx.db, auth: ctx.auth, ip: clientIp(request.headers) }, body);
    return Response.json({ id: user.id, email: body.email.toLowerCase() }, { status: 201 });
  },
);
