/** The /api/replays route handlers and job runners as replay tests use them (over a TestContext). */
import { POST as postReplay } from '@/app/api/replays/route';
import { GET as getJob } from '@/app/api/replays/[id]/route';
import { POST as approve } from '@/app/api/replays/[id]/approve/route';
import { POST as cancel } from '@/app/api/replays/[id]/cancel/route';
import { POST as pause } from '@/app/api/replays/[id]/pause/route';
import { POST as resume } from '@/app/api/replays/[id]/resume/route';
import { eq } from 'drizzle-orm';
import { replayJobs } from '@/db/schema';
import { ReplayJob } from '@/server/contracts/replays';
import type { JobRow } from '@/server/replays/letters';
import { startReplayRunner, type ReplayRunner, type ReplayRunnerOptions } from '@/server/replays/runner';
import { request } from './api-requests';
import type { TestContext } from './app-context';

const CONTROLS = { approve, cancel, pause, resume };

export interface ReplayApi {
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  job(id: string): Promise<ReplayJob>;
  /** POST /api/replays/{id}/{action} through its route handler (the test context's admin unless `headers` say). */
  control(id: string, action: keyof typeof CONTROLS, headers?: Record<string, string>): Promise<Response>;
  /**
   * A job of every letter of `topic`, made through the API and then held as a runner holds it
   * (`running`, leased to `owner` for a minute), so that its letters can be claimed.
   */
  held(topic: string, rate: number, owner?: string): Promise<JobRow>;
  /** A runner with test-sized intervals; stopped by `stopRunners`. */
  runner(options?: Partial<ReplayRunnerOptions>): ReplayRunner;
  stopRunners(): Promise<void>;
}

export function replayApi(ctx: () => TestContext): ReplayApi {
  let runners: ReplayRunner[] = [];
  const api: ReplayApi = {
    post: (body, headers = {}) =>
      postReplay(
        request('/api/replays', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        }),
      ),
    control: (id, action, headers = {}) =>
      CONTROLS[action](request(`/api/replays/${id}/${action}`, { method: 'POST', headers }), {
        params: Promise.resolve({ id }),
      }),
    job: async (id) =>
      ReplayJob.parse(
        await (await getJob(request(`/api/replays/${id}`), { params: Promise.resolve({ id }) })).json(),
      ),
    held: async (topic, rate, owner = 'test-runner') => {
      const made = ReplayJob.parse(
        await (
          await api.post({ selection: { filter: { topic: [topic] } }, rate: { start: rate, max: rate } })
        ).json(),
      );
      const [row] = await ctx()
        .db.update(replayJobs)
        .set({ state: 'running', leaseOwner: owner, leaseUntil: new Date(Date.now() + 60_000) })
        .where(eq(replayJobs.id, made.id))
        .returning();
      if (!row) throw new Error(`replay job ${made.id} is gone`);
      return row;
    },
    runner: (options = {}) => {
      const { db, redis, keys } = ctx();
      const started = startReplayRunner({
        db,
        redis,
        keys,
        pollMs: 50,
        settleEveryMs: 50,
        settleTimeoutMs: 200,
        rampStepMs: 50,
        progressMs: 50,
        ...options,
      });
      runners.push(started);
      return started;
    },
    stopRunners: async () => {
      await Promise.all(runners.map((r) => r.stop()));
      runners = [];
    },
  };
  return api;
}
