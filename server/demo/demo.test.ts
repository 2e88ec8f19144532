/**
 * The demo at a high rate for a few seconds, on real Redis (server/testing/demo-run.ts): every assertion
 * reads what it left there, from the source's rate through the pipeline, sagas, tickets and projections
 * to a clean stop.
 */
import { describe, expect, it } from 'vitest';
import { decodeTelemetryEntry } from '@/server/bus';
import type { Envelope } from '@/server/contracts/envelope';
import type { SagaLifecycleData } from '@/server/contracts/saga-events';
import { countResources, useDemoRun } from '@/server/testing/demo-run';
import { eventually } from '@/server/testing/redis';
import { HOST_RISK_TYPE } from './host-risk';
import { GROUPS, PROCESSORS, TOPIC_MAXLEN, TOPICS } from './names';
import { OPEN_INVESTIGATIONS } from './open-investigations';
import { seededRandom } from './random';
import { BURST_ALERT_TYPE, FAILED_LOGINS, URGENT_ALERT_TYPE } from './stream-processors';

const RATE = 300;
const RUN_MS = 4_000;

describe('demo traffic', () => {
  const run = useDemoRun(
    { ratePerSec: RATE, failureRate: 0.2, containmentFailureRate: 0.3, random: seededRandom(20_240_611) },
    RUN_MS,
  );
  const { events, groups, deadLetters } = run;

  it('publishes source traffic at about the configured rate', () => {
    const { produced, elapsedMs, lost } = run.demo.stats();
    const total = produced.signals + produced.legacy + produced.tickets;
    const rate = (total / elapsedMs) * 1_000;
    expect(rate).toBeGreaterThan(RATE * 0.8);
    expect(rate).toBeLessThan(RATE * 1.1);
    expect(lost).toEqual({ failed: 0, skipped: 0 });
  });

  it('fills every topic of the pipeline, the saga and the tickets, each with a bounded retention', async () => {
    const retention = await run.redis.hgetall(run.keys.topics());
    // the compensations' request topics fill only once a saga failed and got that far back
    // the rule's alerts wait for a burst to be validated (its own test below waits for them)
    const filled = Object.values(TOPICS).filter((topic) => topic !== TOPICS.ruleAlerts);
    const lengths = () => Promise.all(filled.map((topic) => run.redis.xlen(run.keys.stream(topic))));
    await eventually(async () => (await lengths()).every((n) => n > 0)).catch(() => undefined);
    for (const topic of filled) {
      expect(await run.redis.xlen(run.keys.stream(topic)), topic).toBeGreaterThan(0);
      expect(JSON.parse(retention[topic] ?? '{}'), topic).toEqual({ maxLen: TOPIC_MAXLEN });
    }
  });

  it('fans alerts out to the report, notification and risk-score groups', async () => {
    const alertGroups = await groups(TOPICS.alerts);
    for (const group of [GROUPS.report, GROUPS.notification, GROUPS.riskScore]) {
      expect(Number(alertGroups.get(group)?.['entries-read']), group).toBeGreaterThan(0);
      expect(run.demo.stats().groups[group]?.handled, group).toBeGreaterThan(0);
    }
    const handledBy = await eventually(async () => {
      const records = (await run.redis.xrange(run.keys.telemetry(), '-', '+')).flatMap(
        ([, fields]) => decodeTelemetryEntry(fields).records,
      );
      const seen = new Set(
        records.filter((r) => r.topic === TOPICS.alerts && r.outcome === 'handled').map((r) => r.group),
      );
      return seen.has(GROUPS.report) && seen.has(GROUPS.notification) && seen.has(GROUPS.riskScore)
        ? seen
        : null;
    });
    expect(handledBy.size).toBeGreaterThanOrEqual(3);
  });

  it(
    'runs stream processors: urgent alerts with their owner, and a failed-login burst rule that fires',
    { timeout: 60_000 },
    async () => {
      const validated = new Map((await events(TOPICS.validated)).map((e) => [e.id, e]));
      // the first burst goes out 1-3 s after the start; validate may lag behind it on a busy machine
      const fired = await eventually(async () => {
        const alerts = await events(TOPICS.ruleAlerts);
        return alerts.length > 0 ? alerts : null;
      }, 40_000);
      const alert = fired[0]!;
      expect(alert.type).toBe(BURST_ALERT_TYPE);
      const data = alert.data as { rule: string; key: string; events: string[] };
      expect(data.rule).toBe(PROCESSORS.failedLogins);
      expect(data.events).toHaveLength(FAILED_LOGINS.count);
      // the matched events are that user's failed logins, the last the alert's cause
      expect(alert.causationid).toBe(data.events.at(-1));
      for (const id of data.events) {
        const signal = validated.get(id) ?? (await events(TOPICS.validated)).find((e) => e.id === id);
        expect(signal?.data).toMatchObject({
          kind: 'login',
          login: { outcome: 'failure', user: { name: data.key } },
        });
      }
      const urgent = await eventually(async () => {
        const routed = await events(TOPICS.urgent);
        return routed.length > 0 ? routed : null;
      });
      expect(urgent[0]).toMatchObject({ type: URGENT_ALERT_TYPE });
      expect(['high', 'critical']).toContain((urgent[0]!.data as { severity: string }).severity);
      expect(urgent[0]!.data).toHaveProperty('owner');
      const presence = await run.redis.hgetall(run.keys.streamProcessors());
      const names = new Set(Object.keys(presence).map((field) => field.split('/')[0]));
      expect(names).toEqual(new Set([PROCESSORS.urgentAlerts, PROCESSORS.failedLogins]));
    },
  );

  it("keeps each host's risk as an event-sourced aggregate that announces itself", async () => {
    const announced = Object.keys(await run.redis.hgetall(run.keys.aggregateTypes()));
    expect(announced.some((field) => field.startsWith(`${HOST_RISK_TYPE}/`))).toBe(true);
    const hosts = await run.redis.smembers(run.keys.aggregateIds(HOST_RISK_TYPE, HOST_RISK_TYPE));
    expect(hosts.length).toBeGreaterThan(0);
    // every raise is on the type's topic too, with its aggregate's version
    const raised = await events(HOST_RISK_TYPE);
    expect(raised.length).toBeGreaterThan(0);
    expect(raised[0]).toMatchObject({ type: 'host-risk.raised', aggregatetype: HOST_RISK_TYPE });
  });

  it('keeps one correlation id from the signal through the alert to its report', async () => {
    const signals = new Map((await events(TOPICS.signals)).map((e) => [e.id, e]));
    const alerts = await events(TOPICS.alerts);
    const reports = await events(TOPICS.reports);
    const chain = reports
      .map((report) => {
        const alert = alerts.find((a) => a.id === report.causationid);
        const signal = alert && signals.get(alert.correlationid ?? '');
        return alert && signal ? { signal, alert, report } : null;
      })
      .find((c) => c !== null);
    expect(chain).toBeDefined();
    const { signal, alert, report } = chain!;
    expect(signal.correlationid).toBe(signal.id);
    expect(alert.correlationid).toBe(signal.id);
    expect(report.correlationid).toBe(signal.id);
    expect(report.traceparent?.slice(3, 35)).toBe(signal.traceparent?.slice(3, 35));
    // the stages in between share it too
    const validated = (await events(TOPICS.validated)).find((e) => e.correlationid === signal.id);
    expect(validated?.causationid).toBe(signal.id);
  });

  it('upcasts the legacy agent’s v1 logins to v2', async () => {
    const legacy = (await events(TOPICS.signals)).filter(
      (e) => e.type === 'security.login.attempted' && e.dataversion === 1,
    );
    expect(legacy.length).toBeGreaterThan(0);
    const upcast = (await events(TOPICS.validated)).find((e) => legacy.some((l) => l.id === e.causationid));
    expect(upcast?.data).toMatchObject({
      kind: 'login',
      login: { sensor: 'edr-legacy', user: { domain: 'CORP' } },
    });
  });

  it('dead-letters poison, invalid-schema and transient failures', async () => {
    const expected = [
      'poison/DecodeError/1', // the relay's raw syslog lines and truncated envelopes
      'poison/UnrecoverableError/1', // SHA-1s where enrichment needs a SHA-256
      'invalid-schema/SchemaValidationError/1', // legacy v1 logins with the "-" address
      'transient/DependencyError/3', // dependency outages that outlasted the retries
    ];
    // each kind is a share of a share of the traffic: wait for the rarest while the demo still runs
    const kinds = await eventually(async () => {
      const letters = await Promise.all(Object.values(TOPICS).map((topic) => deadLetters(topic)));
      const seen = new Set(letters.flat().map((l) => `${l.category}/${l.errorName}/${l.attempts}`));
      return expected.every((kind) => seen.has(kind)) ? seen : null;
    });
    expect([...kinds]).toEqual(expect.arrayContaining(expected));
  });

  it('orchestrates investigation sagas in the alert’s trace, compensating failed containment in reverse', async () => {
    const lifecycle = (sagaEvents: Envelope[], type: string): string[] =>
      sagaEvents.filter((e) => e.type === type).map((e) => (e.data as SagaLifecycleData).step?.name ?? '');
    const { completed, compensated } = await eventually(async () => {
      const instances = new Map<string, Envelope[]>();
      for (const event of await events(TOPICS.sagas))
        instances.set(event.subject ?? '', [...(instances.get(event.subject ?? '') ?? []), event]);
      const all = [...instances.values()];
      const done = all.find((s) => s.at(-1)?.type === 'saga.completed');
      // failed where containment did not hold, and undone without getting stuck
      const undone = all.find(
        (s) =>
          s.at(-1)?.type === 'saga.compensated' &&
          lifecycle(s, 'saga.step.failed').includes('verify-containment') &&
          !s.some((e) => e.type === 'saga.stuck'),
      );
      return done && undone ? { completed: done, compensated: undone } : null;
    });
    expect(lifecycle(completed, 'saga.step.completed')).toEqual([
      'open-case',
      'collect-evidence',
      'apply-containment',
      'verify-containment',
      'close-case',
    ]);
    expect(lifecycle(compensated, 'saga.compensation.completed')).toEqual([
      'apply-containment',
      'collect-evidence',
      'open-case',
    ]);
    // an earlier step may have failed transiently and been retried: the failure that undid it is the last
    const failure = compensated.findLast((e) => e.type === 'saga.step.failed')?.data as SagaLifecycleData;
    expect(failure.step?.name).toBe('verify-containment');
    expect(failure.error?.message).toMatch(/did not hold/);

    // the case's facts, in the alert's trace: the compensations' facts in reverse order of the steps'
    const started = compensated[0]!;
    const caseId = (started.data as SagaLifecycleData & { payload: { case: { investigationId: string } } })
      .payload.case.investigationId;
    const facts = await eventually(async () => {
      const all = (await events(TOPICS.investigations)).filter(
        (e) => e.subject === caseId && !e.type.endsWith('-requested'),
      );
      return all.at(-1)?.type === 'investigation.cancelled' ? all : null;
    });
    expect([...new Set(facts.map((e) => e.type))]).toEqual([
      'investigation.opened',
      'evidence.collected',
      'containment.applied',
      'containment.failed',
      'containment.reverted',
      'evidence.released',
      'investigation.cancelled',
    ]);
    const applied = facts.find((e) => e.type === 'containment.applied')?.data as { actions: string[] };
    const reverted = facts.find((e) => e.type === 'containment.reverted')?.data as { reverted: string[] };
    expect(reverted.reverted).toEqual([...applied.actions].reverse());
    const alertId = (facts[0]?.data as { case: { alertId: string } }).case.alertId;
    const alert = (await events(TOPICS.alerts)).find(
      (a) => (a.data as { alertId: string }).alertId === alertId,
    );
    expect(alert).toBeDefined();
    expect(new Set([...facts, ...compensated].map((e) => e.correlationid))).toEqual(
      new Set([alert?.correlationid]),
    );
    expect(facts[0]?.causationid).toBe(alert?.id);
    // each reply answers its command: the saga's command id is the reply's cause
    const collected = facts.find((e) => e.type === 'evidence.collected');
    expect(collected?.causationid).toMatch(new RegExp(`^${started.subject}/0/1/\\d+$`));
  });

  it('moves tickets from creation through triage and assignment to closure', async () => {
    const types = await eventually(async () => {
      const seen = new Set((await events(TOPICS.tickets)).map((e) => e.type));
      return seen.has('ticket.closed') ? seen : null;
    });
    expect([...types].sort()).toEqual([
      'ticket.assigned',
      'ticket.closed',
      'ticket.created',
      'ticket.resolved',
      'ticket.triaged',
    ]);
    const tickets = await events(TOPICS.tickets);
    const resolved = tickets.find((e) => e.type === 'ticket.resolved')!;
    const created = tickets.find((e) => e.type === 'ticket.created' && e.subject === resolved.subject)!;
    expect(resolved.correlationid).toBe(created.correlationid);
    expect(resolved.data).toMatchObject({ withinSla: expect.any(Boolean), elapsedMs: expect.any(Number) });
  });

  it('keeps the case board: investigations open by severity, as opened, resolved and cancelled add up', async () => {
    const meta = run.keys.projectionMeta(OPEN_INVESTIGATIONS);
    // the model and the checkpoint it was committed with, read together, against the stream up to it
    const { position, model } = await eventually(async () => {
      const active = Number(await run.redis.hget(meta, 'active'));
      const [state, open] = await Promise.all([
        run.redis.hgetall(run.keys.projectionState(OPEN_INVESTIGATIONS, active)),
        run.redis.hgetall(run.keys.projectionModel(OPEN_INVESTIGATIONS, active, 'open-by-severity')),
      ]);
      const at = state[`pos:${TOPICS.investigations}`];
      const again = await run.redis.hget(
        run.keys.projectionState(OPEN_INVESTIGATIONS, active),
        `pos:${TOPICS.investigations}`,
      );
      return at && at === again && Object.keys(open).length > 0 ? { position: at, model: open } : null;
    });
    const expected = new Map<string, number>();
    const seen = new Set<string>();
    for (const [, fields] of await run.redis.xrange(run.keys.stream(TOPICS.investigations), '-', position)) {
      const event = JSON.parse(fields[fields.indexOf('event') + 1]!) as Envelope & {
        data: { case: { severity: string } };
      };
      const by = { 'investigation.opened': 1, 'investigation.resolved': -1, 'investigation.cancelled': -1 }[
        event.type
      ];
      if (by === undefined || seen.has(`${event.source} ${event.id}`)) continue;
      seen.add(`${event.source} ${event.id}`);
      expected.set(event.data.case.severity, (expected.get(event.data.case.severity) ?? 0) + by);
    }
    expect(Object.fromEntries(Object.entries(model).map(([k, v]) => [k, Number(v)]))).toEqual(
      Object.fromEntries(expected),
    );
    expect([...expected.keys()].every((severity) => ['high', 'critical'].includes(severity))).toBe(true);
  });

  it('lets the slow SIEM export group fall behind', async () => {
    const siem = (await groups(TOPICS.analyzed)).get(GROUPS.siemExport);
    expect(Number(siem?.lag)).toBeGreaterThan(0);
  });

  it('stops within a few seconds and leaves no timers or connections behind', async () => {
    const started = Date.now();
    await run.demo.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    await eventually(() => {
      const now = countResources();
      return [...now].every(([kind, n]) => n <= (run.baseline.get(kind) ?? 0));
    }, 3_000);
    const produced = run.demo.stats().produced.signals;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.demo.stats().produced.signals).toBe(produced);
  });
});
