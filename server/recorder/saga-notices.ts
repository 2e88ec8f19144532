/**
 * After a batch that changed saga rows commits, one PUBLISH on the bus' saga-changes channel with the
 * counts (SagasChanged): the live layer of every server, in this process or another, tells the Sagas
 * pages to refetch. Fire and forget: a notice lost while Redis is away costs a refetch that comes a
 * little later (the pages poll slowly while their socket is down), and the commit never waits for it.
 */
import type { Redis } from 'ioredis';
import type { SagasChanged } from '@/server/contracts/live';
import type { Logger } from './logger';

export type SagaNotice = (change: SagasChanged) => void;

export function sagaNotices(redis: Redis, channel: string, log: Logger): SagaNotice {
  let failing = false;
  return (change) => {
    if (change.instances === 0 && change.steps === 0) return;
    redis.publish(channel, JSON.stringify(change)).then(
      () => {
        failing = false;
      },
      (error: unknown) => {
        // once per outage: the status sampler reports Redis itself
        if (!failing) log.warn({ err: (error as Error).message }, 'saga change notice not published');
        failing = true;
      },
    );
  };
}
