import type { ServerResponse } from 'node:http';
import { errorBody } from './errors';

/**
 * Why the path of a request target (`/api/events/%zz?x=1`) cannot be percent-decoded, or null. Next
 * answers such a path with a bare 500 before any route runs, so the dispatcher asks first.
 */
export function undecodablePath(target: string): string | null {
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  for (const segment of path.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return `the segment ${JSON.stringify(segment.slice(0, 100))} is not valid percent-encoding: each % must start an escape %XX, and the escapes must spell UTF-8`;
    }
  }
  return null;
}

/** The API's 400 body, written straight to Node's response (the dispatcher runs before Next). */
export function writeBadPath(res: ServerResponse, problem: string): void {
  const body = JSON.stringify(
    errorBody('BAD_REQUEST', `path: ${problem}`, [{ path: 'path', message: problem }]),
  );
  res.writeHead(400, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
