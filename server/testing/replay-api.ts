/** The /api/replays route handlers and job runners as replay tests use them (over a TestContext). */
import { POST as postReplay } from '@/app/api/replays/route';
import { GET as getJob } from '@/app/api/replays/[id]/route';
import { ReplayJob } from '@/server/contracts/replays';
import { startReplayRunner, type ReplayRunner, type ReplayRunnerOptions } from '@/server/replays/runner';
import { request } from './api-requests';
import type { TestContext } from './app-context';

export interface ReplayApi {
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  job(id: string): Promise<ReplayJob>;
  /** A runner with test-sized intervals; stopped by `stopRunners`. */
  runner(options?: Partial<ReplayRunnerOptions>): ReplayRunner;
  stopRunners(): Promise<void>;
}

export function replayApi(ctx: () => TestContext): ReplayApi {
  let runners: ReplayRunner[] = [];
  return {
    post: (body, headers = {}) =>
      postReplay(
        request('/api/replays', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        }),
      ),
    job: async (id) =>
      ReplayJob.parse(
        await (await getJob(request(`/api/replays/${id}`), { params: Promise.resolve({ id }) })).json(),
      ),
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
}
