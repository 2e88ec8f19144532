/**
 * bench:api's "plain" handlers: what the real routes do minus route()'s authentication and the
 * masking presenter. The query is read and parsed as route() reads it (input.ts, the same zod schema),
 * the same query function runs over the same context's clients, and the result leaves as the same
 * JSON response; no caller, no permission check, no rules, no presenter. They live in files named
 * route.ts so that server/testing/route-server.ts serves them exactly as it serves app/api: the
 * Request/Response adapter is the same for both variants and drops out of the difference.
 */
import type { z } from 'zod';
import { appContext } from '@/server/http/context';
import { parseQuery } from '@/server/http/input';

export async function plainJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  run: (query: z.output<S>) => Promise<unknown>,
): Promise<Response> {
  const raw = parseQuery(new URL(request.url).search);
  if (!raw.ok) return Response.json({ issues: raw.issues }, { status: 400 });
  const query = schema.safeParse(raw.value);
  if (!query.success) return Response.json({ issues: query.error.issues }, { status: 400 });
  return Response.json(await run(query.data), { headers: { 'cache-control': 'no-store' } });
}

export { appContext };
