import type { ServerResponse } from 'node:http';
import type { ApiError } from '@/server/contracts/errors';
import { errorBody } from './errors';
import { parseQuery } from './input';

type Issue = NonNullable<ApiError['error']['issues']>[number];

const BAD_SEGMENT =
  'is not valid percent-encoding: each % must start an escape %XX, and the escapes must spell UTF-8';

/**
 * What is wrong with a raw request target (`/api/events/%zz?topic=%00`) before Next sees it, or null.
 * Next answers a path it cannot percent-decode with a bare 500, and re-encodes the query string it
 * hands to route handlers (`%zz` becomes `%25zz`, broken UTF-8 becomes U+FFFD), so both are checked
 * here, where the bytes are still the client's: every path segment, and an API route's query.
 */
export function requestTargetProblems(target: string): Issue[] | null {
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  for (const segment of path.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return [
        { path: 'path', message: `the segment ${JSON.stringify(segment.slice(0, 100))} ${BAD_SEGMENT}` },
      ];
    }
  }
  if (queryStart === -1 || !path.startsWith('/api/')) return null;
  const query = parseQuery(target.slice(queryStart).replace(/#.*$/, ''));
  return query.ok ? null : query.issues;
}

/** The API's 400 body, written straight to Node's response (the dispatcher runs before Next). */
export function writeBadRequest(res: ServerResponse, issues: Issue[]): void {
  const first = issues[0]!;
  const body = JSON.stringify(errorBody('BAD_REQUEST', `${first.path}: ${first.message}`, issues));
  res.writeHead(400, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
