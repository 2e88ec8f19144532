import type { Processor } from '@/server/bus';
import { DEMO_SUBSCRIBE } from './consumers';
import type { DemoContext } from './context';
import { lookupAsset } from './lookups';
import { PROCESSORS, SERVICES, TOPICS } from './names';
import type { Alert, ValidatedSignal } from './schemas';

/**
 * Failed logins of one user at the perimeter that make a burst, and the event-time window they must
 * fall in. Short, and perimeter only (VPN, SSH): employees' own typos (idp, Windows) and the steady
 * background of guessing would otherwise fire it several times a minute at the demo's default rate.
 */
export const FAILED_LOGINS = { count: 5, withinMs: 10_000 } as const;
const PERIMETER_SENSORS: ReadonlySet<string> = new Set(['vpn-gateway', 'sshd']);
export const BURST_ALERT_TYPE = 'auth.failed-login-burst';
export const URGENT_ALERT_TYPE = 'alert.urgent';

/**
 * The demo's stream processors, run by the detections service as a user's would be (bus.streams):
 *
 * - urgent-alerts: high and critical alerts, with the owner and criticality of the asset they hit
 *   (the CMDB lookup), routed to `threat.alerts.urgent`;
 * - failed-login-burst: a complex-event rule, 5 failed perimeter logins of one user within 10 s
 *   raise one alert on `security.rule-alerts` listing the failed logins. The ingest sends a burst now
 *   and then (ingest.ts), so it fires within a minute of the demo starting.
 */
export function startStreamProcessors(ctx: DemoContext): Processor[] {
  const bus = ctx.bus(SERVICES.detections);
  const urgent = bus.streams
    .from<Alert>(TOPICS.alerts, {
      name: PROCESSORS.urgentAlerts,
      description: 'high and critical alerts, with the asset owner, to threat.alerts.urgent',
      ...DEMO_SUBSCRIBE,
    })
    .filter(
      (event) =>
        event.type === 'alert.raised' &&
        (event.data.severity === 'high' || event.data.severity === 'critical'),
    )
    .map((event) => {
      const asset = lookupAsset(event.data.host);
      return {
        type: URGENT_ALERT_TYPE,
        data: { ...event.data, owner: asset?.owner ?? null, assetCriticality: asset?.criticality ?? null },
      };
    })
    .to(TOPICS.urgent);
  const failedLogins = bus.streams
    .from<ValidatedSignal>(TOPICS.validated, {
      name: PROCESSORS.failedLogins,
      description: `${FAILED_LOGINS.count} failed VPN or SSH logins of one user within ${FAILED_LOGINS.withinMs / 1000} s`,
      ...DEMO_SUBSCRIBE,
    })
    .count({
      match: (event) =>
        event.data.kind === 'login' &&
        event.data.login.outcome === 'failure' &&
        PERIMETER_SENSORS.has(event.data.login.sensor),
      key: (event) => (event.data.kind === 'login' ? event.data.login.user.name : undefined),
      ...FAILED_LOGINS,
    })
    .to(TOPICS.ruleAlerts, { type: BURST_ALERT_TYPE });
  return [urgent, failedLogins];
}
