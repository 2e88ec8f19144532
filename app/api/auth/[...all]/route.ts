import { appContext } from '@/server/http/context';
import { guardAuthRequest } from '@/server/http/auth-guard';

export const dynamic = 'force-dynamic';

/**
 * better-auth's endpoints (sign-in, sign-out, sessions), served by its own handler behind our guard:
 * same-origin for state changes, and sign-in attempts limited per IP and per account.
 */
const handle = (request: Request): Promise<Response> => guardAuthRequest(appContext(), request);

export const GET = handle;
export const POST = handle;
