/** Every topic, consumer group and service the demo creates. */
export const TOPICS = {
  signals: 'threat.signals',
  validated: 'threat.validated',
  enriched: 'threat.enriched',
  analyzed: 'threat.analyzed',
  alerts: 'threat.alerts',
  reports: 'threat.reports',
  notifications: 'ops.notifications',
  risk: 'risk.scores',
  investigations: 'investigations',
  /** Requests of the investigation saga's compensations, one topic per service that answers them. */
  evidenceReleases: 'evidence.releases',
  containmentReverts: 'containment.reverts',
  /** Lifecycle events of the investigation saga (the SDK's default saga topic, named here for retention). */
  sagas: 'sagas',
  tickets: 'tickets',
  /** High and critical alerts with their asset's owner (the alert-router stream processor). */
  urgent: 'threat.alerts.urgent',
  /** Alerts of the demo's complex-event rules (stream processors). */
  ruleAlerts: 'security.rule-alerts',
} as const;

export const GROUPS = {
  validate: 'validate',
  enrich: 'enrich',
  analyze: 'analyze',
  siemExport: 'siem-export',
  report: 'report',
  notification: 'notification',
  riskScore: 'risk-score',
  investigation: 'investigation',
  evidence: 'evidence',
  /** Answers the saga's requests to release a legal hold (a compensation). */
  evidenceRelease: 'evidence-release',
  containment: 'containment',
  /** Answers the saga's requests to revert containment (a compensation). */
  containmentRevert: 'containment-revert',
  /** Resolves investigation sagas left stuck too long (on-call.ts). */
  onCall: 'on-call',
  ticketing: 'ticketing',
  triage: 'triage',
  assignment: 'assignment',
  serviceDesk: 'service-desk',
} as const;

export const SERVICES = {
  ingest: 'ingest',
  legacyAgent: 'edr-legacy-agent',
  validate: 'validate',
  enrich: 'enrich',
  analyze: 'analyze',
  siemExport: 'siem-exporter',
  reporting: 'reporting',
  notifier: 'notifier',
  riskScoring: 'risk-scoring',
  investigations: 'investigations',
  evidence: 'evidence-collector',
  containment: 'containment',
  ticketing: 'ticketing',
  triage: 'triage',
  assignment: 'assignment',
  serviceDesk: 'service-desk',
  /** Runs the demo's stream processors: the alert router and the failed-login rule. */
  detections: 'detections',
  /** Keeps the open-investigations projection (open-investigations.ts). */
  caseBoard: 'case-board',
} as const;

/** Stream processors (their consumer groups are `streams.<name>`). */
export const PROCESSORS = {
  urgentAlerts: 'urgent-alerts',
  failedLogins: 'failed-login-burst',
} as const;

/** Writes entries straight to the stream without the SDK (it is the source of the undecodable ones). */
export const FOREIGN_WRITER = 'syslog-relay';

/**
 * Every demo topic keeps about this many entries: Redis is the bus, the recorder keeps history, and a
 * demo left running for a day should not fill a laptop's memory. Still far above the slow group's lag.
 */
export const TOPIC_MAXLEN = 50_000;
