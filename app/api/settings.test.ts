/**
 * GET /api/settings reports the settings in use (resolved from the environment, as server/env.ts parses
 * it), each marked as set or default, with every password hidden.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '@/server/env';
import { SettingsInUse, type SettingRow } from '@/server/contracts/settings';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { settingsInUse } from '@/server/settings-in-use';
import { GET } from './settings/route';

const environment = {
  REDIS_URL: 'redis://default:redis-sekret@cache.internal:6390/2',
  DATABASE_URL: 'postgres://eventlens:pg-sekret@db.internal:5433/eventlens',
  EVENTLENS_PREFIX: 'hon-settings',
  EVENTLENS_RETENTION_DAYS: '30',
};

describe('GET /api/settings (route handler over a real test context)', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    const env = loadEnv(environment);
    ctx = await startTestContext('postgres', 'api-settings', {
      settings: () =>
        settingsInUse(
          env,
          {
            redis: { url: env.REDIS_URL!, local: null },
            storeKind: 'postgres',
            recorderGroup: { name: 'eventlens-recorder-0a1b2c3d', from: 'store' },
          },
          environment,
        ),
    });
  });
  afterAll(() => ctx.cleanup());

  it('sends the values in use with passwords hidden', async () => {
    const response = await get(GET, '/api/settings');
    expect(response.status).toBe(200);
    const text = await response.clone().text();
    expect(text).not.toContain('sekret');
    const settings = SettingsInUse.parse(await json(response));
    const rows = new Map<string | null, SettingRow>(
      settings.sections.flatMap((s) => s.rows).map((row) => [row.variable, row]),
    );
    expect(rows.get('REDIS_URL')).toMatchObject({
      value: 'redis://default:***@cache.internal:6390/2',
      source: 'environment',
    });
    expect(rows.get('DATABASE_URL')).toMatchObject({
      value: 'postgres://eventlens:***@db.internal:5433/eventlens',
      source: 'environment',
    });
    expect(rows.get('EVENTLENS_PREFIX')).toMatchObject({ value: 'hon-settings', source: 'environment' });
    expect(rows.get('EVENTLENS_RETENTION_DAYS')).toMatchObject({
      value: 30,
      unit: 'days',
      source: 'environment',
    });
    // unset: the default in use, said to be the default
    expect(rows.get('EVENTLENS_STREAMS')).toMatchObject({ value: '*', source: 'default' });
    expect(rows.get('EVENTLENS_PAYLOAD_PREVIEW_BYTES')).toMatchObject({ unit: 'bytes', source: 'default' });
    expect(rows.get('EVENTLENS_RECORDER_GROUP')).toMatchObject({
      value: 'eventlens-recorder-0a1b2c3d',
      source: 'default',
      note: expect.stringMatching(/^this database's own/),
    });
  });

  it('says when the group is the shared legacy name, and nothing when it was set', () => {
    const env = loadEnv(environment);
    const groupRow = (recorderGroup: Parameters<typeof settingsInUse>[1]['recorderGroup']) =>
      settingsInUse(
        env,
        { redis: { url: env.REDIS_URL!, local: null }, storeKind: 'postgres', recorderGroup },
        environment,
      )
        .sections.flatMap((s) => s.rows)
        .find((row) => row.variable === 'EVENTLENS_RECORDER_GROUP');
    expect(groupRow({ name: 'eventlens-recorder', from: 'store' })?.note).toMatch(
      /another deployment on this Redis using it too would split the streams/,
    );
    expect(groupRow({ name: 'billing-recorders', from: 'environment' })?.note).toBeUndefined();
  });
});
