/**
 * Bootstrap without EVENTLENS_ADMIN_*: a real server over a fresh database logs one line with a
 * one-time setup link; that link creates the first admin once, through the real /api/setup handler.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users, verifications } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { POST as postSetup } from '@/app/api/setup/route';
import { POST as postAuth } from '@/app/api/auth/[...all]/route';
import { startApp, type RunningApp } from './app';
import { noPages } from './testing/no-pages';
import { loadEnv } from './env';
import { SETUP_IDENTIFIER, issueSetupToken } from './services/setup';
import { deletePrefix, testRedis, uniquePrefix } from './testing/redis';

const setup = (body: unknown): Promise<Response> =>
  postSetup(
    new Request('http://127.0.0.1/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1' },
      body: JSON.stringify(body),
    }),
  );

describe('first admin from a one-time setup link', () => {
  let dataDir: string;
  let database: TestDatabase;
  let app: RunningApp;
  const prefix = uniquePrefix('setup');
  const lines: { level: number; msg: string }[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eventlens-setup-'));
    database = await createTestDatabase('setup');
    const env = loadEnv({
      PORT: '0',
      DATABASE_URL: database.url,
      EVENTLENS_PREFIX: prefix,
      EVENTLENS_DATA_DIR: dataDir,
      EVENTLENS_RECORDER: '0',
    });
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    app = await startApp({ env, log, web: noPages });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    const redis = await testRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let token = '';

  it('logs exactly one line with the link, and keeps only the hash of its token, for 24 h', async () => {
    const linkLines = lines.filter((line) => line.msg.includes('/setup?token='));
    expect(linkLines).toHaveLength(1);
    const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(linkLines[0]!.msg)?.[1];
    expect(link?.startsWith(app.url)).toBe(true);
    token = new URL(link!).searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    const rows = await app.store.db
      .select()
      .from(verifications)
      .where(eq(verifications.identifier, SETUP_IDENTIFIER));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toBe(createHash('sha256').update(token).digest('hex'));
    expect(rows[0]!.value).not.toContain(token);
    const hours = (rows[0]!.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('refuses a wrong or expired token (audited), and a short password', async () => {
    expect(
      (await setup({ token: 'nope', email: 'root@example.com', password: 'long enough pw' })).status,
    ).toBe(404);
    const expired = await issueSetupToken(app.store.db, new Date(Date.now() - 25 * 3_600_000));
    expect(
      (await setup({ token: expired.token, email: 'root@example.com', password: 'long enough pw' })).status,
    ).toBe(404);
    expect((await setup({ token, email: 'root@example.com', password: 'short' })).status).toBe(400);
    const denied = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'setup.complete'));
    expect(denied.map((row) => row.result)).toEqual(['denied', 'denied']);
    expect(await app.store.db.select().from(users)).toHaveLength(0);
  });

  it('creates the first admin once, who can then sign in; the link is spent', async () => {
    const created = await setup({ token, email: 'Root@Example.com', password: 'long enough pw' });
    expect(created.status).toBe(201);
    const [admin, ...others] = await app.store.db.select().from(users);
    expect(others).toHaveLength(0);
    expect(admin).toMatchObject({ email: 'root@example.com', role: 'admin' });
    const audited = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'setup.complete'));
    expect(audited.find((row) => row.result === 'ok')?.targets).toEqual([admin!.id]);
    // the account itself is made by the server on the link's say-so, not by an anonymous caller
    const [createdRow] = await app.store.db.select().from(auditLog).where(eq(auditLog.action, 'user.create'));
    expect(createdRow).toMatchObject({ actorKind: 'system', actorName: 'setup link', actorId: null });
    expect(
      await app.store.db.select().from(verifications).where(eq(verifications.identifier, SETUP_IDENTIFIER)),
    ).toHaveLength(0);

    const again = await setup({ token, email: 'other@example.com', password: 'long enough pw' });
    expect(again.status).toBe(409);

    const signIn = await postAuth(
      new Request(`${app.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email: 'root@example.com', password: 'long enough pw' }),
      }),
    );
    expect(signIn.status).toBe(200);
  });
});
