/**
 * A small service graph for the Flows and Overview specs, in the shape of the demo's threat pipeline
 * but scoped to one test: ingest publishes signals in a loop; validate (which dead-letters every tenth
 * signal) feeds analyze and a slow SIEM export that falls behind; analyze raises alerts that triage
 * turns into tickets and notification reads. Every topic starts with a minute and a half of history,
 * so topic rates and charts have closed buckets at once; group rates need their first 10 s bucket.
 */
import { UnrecoverableError } from '@/server/bus';
import type { Seed } from './fixtures';

export interface Pipeline {
  topics: { signals: string; validated: string; alerts: string; tickets: string };
  groups: { validate: string; analyze: string; siemExport: string; triage: string; notification: string };
  services: {
    ingest: string;
    validate: string;
    analyze: string;
    siemExport: string;
    triage: string;
    notifier: string;
  };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startPipeline(seed: Seed): Promise<Pipeline> {
  const pipeline: Pipeline = {
    topics: {
      signals: seed.topic('signals'),
      validated: seed.topic('validated'),
      alerts: seed.topic('alerts'),
      tickets: seed.topic('tickets'),
    },
    groups: {
      validate: seed.name('validate'),
      analyze: seed.name('analyze'),
      siemExport: seed.name('siem-export'),
      triage: seed.name('triage'),
      notification: seed.name('notification'),
    },
    services: {
      ingest: seed.name('ingest'),
      validate: seed.name('validate'),
      analyze: seed.name('analyze'),
      siemExport: seed.name('siem-exporter'),
      triage: seed.name('triage'),
      notifier: seed.name('notifier'),
    },
  };
  const { topics, groups, services } = pipeline;

  const stage = (
    service: string,
    group: string,
    from: string,
    handle: (n: number) => Promise<void>,
    options: { concurrency?: number } = {},
  ) =>
    seed.bus(service).subscribe<{ n: number }>(group, from, (event) => handle(event.data.n), {
      from: 'start',
      // dead letters are the point: no retries to wait for
      retry: { maxAttempts: 1 },
      ...options,
    });

  const history = { type: 'seed.history', seconds: 90, perSecond: 2 };
  await seed.history(topics.signals, { ...history, service: services.ingest });
  await seed.history(topics.validated, { ...history, service: services.validate });
  await seed.history(topics.alerts, { ...history, service: services.analyze });
  await seed.history(topics.tickets, { ...history, service: services.triage });

  const validate = seed.bus(services.validate);
  const analyze = seed.bus(services.analyze);
  const triage = seed.bus(services.triage);
  const subscriptions = [
    stage(services.validate, groups.validate, topics.signals, async (n) => {
      await pause(5);
      if (n % 10 === 9) throw new UnrecoverableError('signal without a host');
      await validate.publish(topics.validated, { type: 'signal.validated', data: { n } });
    }),
    stage(services.analyze, groups.analyze, topics.validated, async (n) => {
      await pause(10);
      await analyze.publish(topics.alerts, { type: 'alert.raised', data: { n } });
    }),
    // about one a second against several arriving: its lag only grows
    stage(services.siemExport, groups.siemExport, topics.validated, () => pause(800), { concurrency: 1 }),
    stage(services.triage, groups.triage, topics.alerts, async (n) => {
      await pause(5);
      await triage.publish(topics.tickets, { type: 'ticket.opened', data: { n } });
    }),
    stage(services.notifier, groups.notification, topics.alerts, () => pause(2)),
  ];
  await Promise.all(subscriptions.map((subscription) => subscription.ready));

  seed.traffic(topics.signals, { service: services.ingest, type: 'signal.received', batch: 2, everyMs: 200 });
  return pipeline;
}
