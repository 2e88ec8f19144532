import { expect, test } from '@playwright/test';

/**
 * Bad request targets against the production server, Next included: paths Next cannot decode are
 * answered by server/app.ts's dispatcher, the rest by the route builder; always a JSON 400 naming
 * where the problem is, never a 500.
 */
const CASES = [
  { target: '/api/events/%', field: 'path' },
  { target: '/api/events/%zz', field: 'path' },
  { target: '/api/events/%ED%A0%80', field: 'path' },
  { target: '/api/events/%00', field: 'params.id' },
  { target: '/api/events?topic=%00', field: 'query.topic' },
  { target: '/api/events?topic=%zz', field: 'query.topic' },
  { target: '/api/events?topic=%ED%A0%80', field: 'query.topic' },
  { target: '/api/events/abc?source=%', field: 'query.source' },
  { target: '/api/health?probe=%C0%AE', field: 'query.probe' },
];

test('malformed paths and query strings get a JSON 400 naming the field', async ({ request }) => {
  for (const { target, field } of CASES) {
    const response = await request.get(target);
    expect(response.status(), target).toBe(400);
    expect(response.headers()['content-type'], target).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code, target).toBe('BAD_REQUEST');
    expect(
      body.error.issues.map((issue) => issue.path),
      target,
    ).toContain(field);
  }
});
