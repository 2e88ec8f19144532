import { z } from 'zod';
import { HostRiskRaised } from './host-risk';
import { SchemaRegistry, type DataSchema } from '@/server/bus';

/**
 * Data schemas of every demo event type, registered with the SDK's SchemaRegistry so that publishing
 * validates and consuming upcasts and validates. `security.login.attempted` has two versions: v1 is
 * what the legacy EDR agent still sends (Windows 4624/4625 fields), v2 the normalized form.
 */
const ip = z.union([z.ipv4(), z.ipv6()]);
const timestamp = z.string().min(1);
const severity = z.enum(['low', 'medium', 'high', 'critical']);

export const LoginAttemptV1 = z.object({
  /** `DOMAIN\user`. */
  user: z.string().min(1),
  /** Windows writes `-` when it did not know the address. */
  src_ip: z.string(),
  host: z.string().min(1),
  result: z.enum(['SUCCESS', 'FAILURE']),
  /** NTSTATUS of a failure, e.g. 0xC000006A (bad password). */
  status: z.string().nullable(),
  /** 2 interactive, 3 network, 10 remote interactive (RDP). */
  logon_type: z.number().int(),
  auth_package: z.enum(['Kerberos', 'NTLM', 'Negotiate']),
  /** Epoch seconds. */
  ts: z.number(),
});
export type LoginAttemptV1 = z.infer<typeof LoginAttemptV1>;

export const FAILURE_REASONS = ['bad_password', 'unknown_user', 'account_locked', 'mfa_denied'] as const;
export const AUTH_METHODS = ['password', 'kerberos', 'ntlm', 'saml-sso', 'ssh-key', 'rdp'] as const;

export const LoginAttempt = z.object({
  user: z.object({ name: z.string().min(1), domain: z.string().min(1) }),
  sourceIp: ip,
  host: z.string().min(1),
  outcome: z.enum(['success', 'failure']),
  failureReason: z.enum(FAILURE_REASONS).nullable(),
  authMethod: z.enum(AUTH_METHODS),
  mfa: z.boolean().nullable(),
  sensor: z.string().min(1),
  observedAt: timestamp,
});
export type LoginAttempt = z.infer<typeof LoginAttempt>;

const NTSTATUS: Record<string, (typeof FAILURE_REASONS)[number]> = {
  '0xC000006A': 'bad_password',
  '0xC0000064': 'unknown_user',
  '0xC0000234': 'account_locked',
};

/** v1 → v2: split `DOMAIN\user`, map NTSTATUS codes and auth packages, ISO time. */
export function upcastLoginV1(data: unknown): LoginAttempt {
  const v1 = LoginAttemptV1.parse(data);
  const [domain, name] = v1.user.includes('\\') ? v1.user.split('\\', 2) : ['UNKNOWN', v1.user];
  return {
    user: { name: name ?? v1.user, domain: domain ?? 'UNKNOWN' },
    sourceIp: v1.src_ip,
    host: v1.host,
    outcome: v1.result === 'SUCCESS' ? 'success' : 'failure',
    failureReason: v1.result === 'SUCCESS' ? null : (NTSTATUS[v1.status ?? ''] ?? 'bad_password'),
    authMethod: v1.logon_type === 10 ? 'rdp' : v1.auth_package === 'Kerberos' ? 'kerberos' : 'ntlm',
    mfa: null,
    sensor: 'edr-legacy',
    observedAt: new Date(v1.ts * 1000).toISOString(),
  };
}

export const NetworkFlow = z.object({
  host: z.string().min(1),
  sourceIp: ip,
  sourcePort: z.number().int().min(0).max(65535),
  destIp: ip,
  destPort: z.number().int().min(0).max(65535),
  protocol: z.enum(['tcp', 'udp']),
  bytesOut: z.number().int().nonnegative(),
  bytesIn: z.number().int().nonnegative(),
  packets: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  sensor: z.string().min(1),
  observedAt: timestamp,
});
export type NetworkFlow = z.infer<typeof NetworkFlow>;

export const FileHash = z.object({
  host: z.string().min(1),
  user: z.string().min(1),
  /** Checked for shape by enrichment, not here: sensors have been known to send SHA-1s. */
  sha256: z.string().min(1),
  fileName: z.string().min(1),
  path: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  sensor: z.string().min(1),
  observedAt: timestamp,
});
export type FileHash = z.infer<typeof FileHash>;

const signalBase = { signalId: z.string(), host: z.string(), observedAt: timestamp };

export const ValidatedSignal = z.discriminatedUnion('kind', [
  z.object({ ...signalBase, kind: z.literal('login'), login: LoginAttempt }),
  z.object({ ...signalBase, kind: z.literal('flow'), flow: NetworkFlow }),
  z.object({ ...signalBase, kind: z.literal('file'), file: FileHash }),
]);
export type ValidatedSignal = z.infer<typeof ValidatedSignal>;

export const Enrichment = z.object({
  asset: z
    .object({
      host: z.string(),
      role: z.string(),
      owner: z.string(),
      criticality: severity,
      os: z.string(),
      tags: z.array(z.string()),
    })
    .nullable(),
  /** The remote peer: login source or flow destination. */
  peer: z
    .object({
      ip,
      internal: z.boolean(),
      country: z.string().nullable(),
      city: z.string().nullable(),
      asn: z.string().nullable(),
      reputation: z.number().int().min(0).max(100),
      lists: z.array(z.string()),
    })
    .nullable(),
  /** Present for internal peers that are known assets. */
  peerAsset: z.object({ host: z.string(), role: z.string(), criticality: severity }).nullable(),
  file: z
    .object({ verdict: z.enum(['malicious', 'unknown', 'clean']), family: z.string().nullable() })
    .nullable(),
  homeCountry: z.string().nullable(),
});
export type Enrichment = z.infer<typeof Enrichment>;

export const EnrichedSignal = z.object({ signal: ValidatedSignal, enrichment: Enrichment });
export type EnrichedSignal = z.infer<typeof EnrichedSignal>;

export const RuleHit = z.object({ rule: z.string(), points: z.number(), technique: z.string() });
export type RuleHit = z.infer<typeof RuleHit>;

export const ScoredSignal = z.object({
  signalId: z.string(),
  kind: z.enum(['login', 'flow', 'file']),
  host: z.string(),
  user: z.string().nullable(),
  peerIp: z.string().nullable(),
  score: z.number().min(0).max(100),
  verdict: z.enum(['benign', 'suspicious', 'malicious']),
  hits: z.array(RuleHit),
});
export type ScoredSignal = z.infer<typeof ScoredSignal>;

export const Alert = z.object({
  alertId: z.string(),
  severity,
  title: z.string(),
  rule: z.string(),
  technique: z.string(),
  score: z.number(),
  kind: z.enum(['login', 'flow', 'file']),
  host: z.string(),
  user: z.string().nullable(),
  peerIp: z.string().nullable(),
  signalId: z.string(),
  raisedAt: timestamp,
});
export type Alert = z.infer<typeof Alert>;

/** An alert routed by the urgent-alerts stream processor: with its asset's owner and criticality. */
export const UrgentAlert = Alert.extend({
  owner: z.string().nullable(),
  assetCriticality: severity.nullable(),
});

/** What the SDK's complex-event rules publish (server/bus/streams RuleAlert). */
export const RuleAlertData = z.object({
  rule: z.string(),
  key: z.string(),
  events: z.array(z.string()),
  first: z.string(),
  last: z.string(),
  deadline: z.string().optional(),
});

export const ReportDrafted = z.object({
  reportId: z.string(),
  alertId: z.string(),
  severity,
  summary: z.string(),
  sections: z.array(z.string()),
});

export const NotificationSent = z.object({
  alertId: z.string(),
  channel: z.enum(['pagerduty', 'slack', 'email']),
  target: z.string(),
  severity,
});

export const RiskScoreChanged = z.object({
  entity: z.object({ kind: z.enum(['host', 'user']), id: z.string() }),
  score: z.number(),
  band: severity,
  previousBand: severity,
  alertId: z.string(),
});

export const InvestigationCase = z.object({
  investigationId: z.string(),
  alertId: z.string(),
  title: z.string(),
  severity,
  host: z.string(),
  user: z.string().nullable(),
  peerIp: z.string().nullable(),
  kind: z.enum(['login', 'flow', 'file']),
  openedAt: timestamp,
});
export type InvestigationCase = z.infer<typeof InvestigationCase>;

export const CONTAINMENT_ACTIONS = [
  'block-ip',
  'disable-account',
  'revoke-sessions',
  'isolate-host',
  'quarantine-file',
] as const;
const action = z.enum(CONTAINMENT_ACTIONS);
export type ContainmentAction = z.infer<typeof action>;

const step = <T extends z.ZodRawShape>(shape: T) => z.object({ case: InvestigationCase, ...shape });
/** What a compensation's request carries so that the service undoes each effect once. */
const undo = { reason: z.string(), idempotencyKey: z.string(), attempt: z.number().int().positive() };

/**
 * The investigation saga's events (investigation-saga.ts): facts its local steps publish, commands
 * to the evidence and containment services with their replies, and the compensations' requests with
 * the facts the services publish once they undid something.
 */
export const INVESTIGATION_EVENTS = {
  'investigation.opened': step({ playbook: z.string() }),
  'evidence.requested': step({ playbook: z.string() }),
  'evidence.collected': step({
    holdId: z.string(),
    artifacts: z.array(z.object({ kind: z.string(), sizeBytes: z.number().int() })),
  }),
  'containment.requested': step({ holdId: z.string() }),
  'containment.applied': step({ holdId: z.string(), actions: z.array(action) }),
  'containment.verify-requested': step({ holdId: z.string(), actions: z.array(action) }),
  'containment.verified': step({ holdId: z.string(), actions: z.array(action) }),
  /** `message` is what the saga records as the failed step's error. */
  'containment.failed': step({
    holdId: z.string(),
    actions: z.array(action),
    failedAction: action,
    message: z.string(),
  }),
  'containment.revert-requested': step({ holdId: z.string(), actions: z.array(action), ...undo }),
  'containment.reverted': step({ holdId: z.string(), reverted: z.array(action), reason: z.string() }),
  'evidence.release-requested': step({ holdId: z.string(), ...undo }),
  'evidence.released': step({ holdId: z.string(), reason: z.string() }),
  'investigation.resolved': step({
    disposition: z.enum(['true-positive', 'benign-true-positive']),
    durationMs: z.number(),
  }),
  'investigation.cancelled': step({ reason: z.string(), durationMs: z.number() }),
} as const;
export type InvestigationEvents = {
  [K in keyof typeof INVESTIGATION_EVENTS]: z.infer<(typeof INVESTIGATION_EVENTS)[K]>;
};

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const Ticket = z.object({
  ticketId: z.string(),
  title: z.string(),
  category: z.enum([
    'security-alert',
    'phishing-report',
    'access-request',
    'mfa-reset',
    'vulnerability',
    'lost-device',
  ]),
  priority: z.enum(PRIORITIES),
  origin: z.enum(['alert', 'user-report', 'scanner']),
  alertId: z.string().nullable(),
  requester: z.string(),
  createdAt: timestamp,
  slaDueAt: timestamp,
});
export type Ticket = z.infer<typeof Ticket>;

const ticketStep = <T extends z.ZodRawShape>(shape: T) => z.object({ ticket: Ticket, ...shape });

export const TICKET_EVENTS = {
  'ticket.created': ticketStep({}),
  'ticket.triaged': ticketStep({ queue: z.string(), duplicate: z.boolean() }),
  'ticket.assigned': ticketStep({ queue: z.string(), assignee: z.string() }),
  'ticket.resolved': ticketStep({ resolution: z.string(), withinSla: z.boolean(), elapsedMs: z.number() }),
  'ticket.closed': ticketStep({ resolution: z.string(), withinSla: z.boolean() }),
} as const;
export type TicketEvents = { [K in keyof typeof TICKET_EVENTS]: z.infer<(typeof TICKET_EVENTS)[K]> };

/** The demo's registry: every type at v1, and login attempts at v2 with the v1 upcaster. */
export function createDemoSchemas(): SchemaRegistry {
  const registry = new SchemaRegistry()
    .register('security.login.attempted', 1, LoginAttemptV1)
    .register('security.login.attempted', 2, LoginAttempt)
    .upcaster('security.login.attempted', 1, upcastLoginV1)
    .register('network.flow.observed', 1, NetworkFlow)
    .register('file.hash.observed', 1, FileHash)
    .register('signal.validated', 1, ValidatedSignal)
    .register('signal.enriched', 1, EnrichedSignal)
    .register('signal.scored', 1, ScoredSignal)
    .register('alert.raised', 1, Alert)
    .register('incident.report.drafted', 1, ReportDrafted)
    .register('notification.sent', 1, NotificationSent)
    .register('risk.score.changed', 1, RiskScoreChanged)
    .register('alert.urgent', 1, UrgentAlert)
    .register('auth.failed-login-burst', 1, RuleAlertData)
    .register('host-risk.raised', 1, HostRiskRaised);
  const steps: [string, DataSchema][] = [
    ...Object.entries(INVESTIGATION_EVENTS),
    ...Object.entries(TICKET_EVENTS),
  ];
  for (const [type, schema] of steps) registry.register(type, 1, schema);
  return registry;
}
