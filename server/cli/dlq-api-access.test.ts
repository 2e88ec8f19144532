/**
 * `eventlens dlq` against a real server process when it cannot act: no server or token configured,
 * a malformed, unknown or under-privileged token, a server that does not answer. Each says why in one
 * line and exits with its own code.
 */
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CLI_TEST_MS, lines, useDlqApi } from '@/server/testing/dlq-cli-api';

describe('eventlens dlq through the server API, refused or unreachable', () => {
  const api = useDlqApi('cli-dlq-access');

  it(
    'without EVENTLENS_URL or EVENTLENS_TOKEN says what to set, in one line, exit 2',
    async () => {
      for (const extra of [
        { EVENTLENS_URL: '', EVENTLENS_TOKEN: '' },
        { EVENTLENS_URL: 'http://127.0.0.1:1', EVENTLENS_TOKEN: '' },
      ]) {
        const result = await api.cli(['dlq', 'replay', 'payments/1-0'], extra);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(lines(result.stderr)).toEqual([
          expect.stringMatching(
            /^eventlens: dlq replay needs the EventLens server: set EVENTLENS_URL .* and EVENTLENS_TOKEN .*unset$/,
          ),
        ]);
      }
      const bad = await api.cli(['dlq', 'discard', 'payments/1-0'], {
        EVENTLENS_URL: api.url,
        EVENTLENS_TOKEN: 'not-a-token',
      });
      expect(bad.code).toBe(2);
      expect(lines(bad.stderr)).toEqual([
        'eventlens: invalid EVENTLENS_TOKEN: expected an API token (elt_ and 43 characters)',
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'a viewer token is refused (exit 1, the denial audited) and the dead letter stays',
    async () => {
      const [letter] = await api.deadLettersOf('fees', [11]);
      const result = await api.cli(['dlq', 'replay', letter!.id], api.as('viewer'));
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual(['eventlens: your role (viewer) lacks events:act']);
      expect((await api.bus.deadLetters.list({ topics: ['fees'] })).map((l) => l.id)).toEqual([letter!.id]);
      const row = await api.letterRow(letter!.id);
      expect(row!.status).toBe('pending');
      const denied = await api.audited('route.denied');
      expect(denied).toEqual([
        expect.objectContaining({
          actorRole: 'viewer',
          targets: ['POST /api/replays'],
        }),
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'an unknown token is 401 with a hint; an unreachable server is exit 3',
    async () => {
      // a port nothing listens on (undici refuses "bad ports" such as 1 before connecting)
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const unknown = await api.cli(['dlq', 'replay', 'payments/1-0'], {
        EVENTLENS_URL: api.url,
        EVENTLENS_TOKEN: `elt_${'a'.repeat(43)}`,
      });
      expect(unknown.code).toBe(1);
      expect(lines(unknown.stderr)).toEqual([
        expect.stringMatching(/^eventlens: .*\(is EVENTLENS_TOKEN revoked or expired\?\)$/),
      ]);
      const down = await api.cli(['dlq', 'replay', 'payments/1-0'], {
        ...api.as('operator'),
        EVENTLENS_URL: `http://127.0.0.1:${closed}`,
      });
      expect(down.code).toBe(3);
      expect(lines(down.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^eventlens: EventLens server unreachable at http://127\\.0\\.0\\.1:${closed}: ECONNREFUSED$`,
          ),
        ),
      ]);
    },
    CLI_TEST_MS,
  );
});
