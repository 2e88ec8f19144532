import { appContext } from '@/server/http/context';

export const dynamic = 'force-dynamic';

/** better-auth's endpoints (sign-in, sign-out, sessions), served by its own handler. */
const handle = (request: Request): Promise<Response> => appContext().auth.handler(request);

export const GET = handle;
export const POST = handle;
