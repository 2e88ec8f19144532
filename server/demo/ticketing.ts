import type { PublishInput, Subscription } from '@/server/bus';
import { PEOPLE, SERVERS, WORKSTATIONS } from './catalog';
import { consumers } from './consumers';
import type { DemoContext, Producer } from './context';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Dice } from './random';
import type { Alert, Ticket } from './schemas';
import { TICKET_FLOW } from './ticket-flow';
import { concurrencyFor } from './timing';
import { ticketStep } from './typed-events';

/** Resolution targets, compressed from hours to seconds so that breaches show within a demo. */
export const SLA_MS: Record<Ticket['priority'], number> = { P1: 1_500, P2: 3_000, P3: 6_000, P4: 10_000 };

const CVES = [
  { id: 'CVE-2024-21762', cvss: 9.6, host: 'vpn-gw-01', what: 'FortiOS SSL-VPN out-of-bounds write' },
  { id: 'CVE-2024-6387', cvss: 8.1, host: 'bastion-01', what: 'OpenSSH regreSSHion' },
  { id: 'CVE-2021-44228', cvss: 10, host: 'jenkins-01', what: 'Log4Shell in a Jenkins plugin' },
  { id: 'CVE-2023-44487', cvss: 7.5, host: 'web-prod-03', what: 'HTTP/2 rapid reset' },
] as const;

const PHISHING_SUBJECTS = [
  'Your mailbox is almost full',
  'DocuSign: please review the attached agreement',
  'Payroll update required before Friday',
  'Microsoft 365: unusual sign-in activity',
];

/**
 * Tickets: users report things on their own (phishing, access, MFA resets, lost devices), the
 * vulnerability scanner files findings, and low or medium alerts become tickets for the SOC queue.
 * The service declares the ticket flow (ticket-flow.ts); `declared` resolves once it is announced.
 */
export function startTicketing(ctx: DemoContext): {
  producer: Producer;
  subscriptions: Subscription[];
  declared: Promise<void>;
} {
  const bus = ctx.bus(SERVICES.ticketing);
  const declared = bus.sagas.declare(TICKET_FLOW);
  const producer: Producer = {
    async emit(count) {
      const inputs: PublishInput[] = [];
      for (let i = 0; i < count; i++)
        inputs.push(ticketStep('ticket.created', { ticket: reportedTicket(ctx.dice) }));
      await bus.publishBatch(TOPICS.tickets, inputs);
    },
  };
  const fromAlerts = consumers<Alert>(
    bus,
    GROUPS.ticketing,
    TOPICS.alerts,
    async (event, delivery) => {
      const alert = event.data;
      if (alert.severity !== 'low' && alert.severity !== 'medium') return;
      ctx.failures.transient('ticketing', delivery);
      const ticket = newTicket(ctx.dice, {
        title: alert.title,
        category: 'security-alert',
        priority: alert.severity === 'medium' ? 'P3' : 'P4',
        origin: 'alert',
        alertId: alert.alertId,
        requester: 'detection-pipeline',
      });
      await bus.publish(TOPICS.tickets, ticketStep('ticket.created', { ticket }));
    },
    { concurrency: concurrencyFor(ctx.ratePerSec * 0.05, 0.01) },
  );
  return { producer, subscriptions: fromAlerts, declared };
}

function reportedTicket(dice: Dice): Ticket {
  const person = dice.pick(PEOPLE.filter((p) => !p.name.startsWith('svc_')));
  const kind = dice.weighted({ phishing: 35, access: 25, mfa: 15, vulnerability: 15, lost: 10 });
  switch (kind) {
    case 'phishing':
      return newTicket(dice, {
        title: `Suspicious email reported: "${dice.pick(PHISHING_SUBJECTS)}"`,
        category: 'phishing-report',
        priority: 'P3',
        origin: 'user-report',
        requester: person.name,
      });
    case 'access': {
      const server = dice.pick(SERVERS);
      return newTicket(dice, {
        title: `Access request: ${person.name} needs ${dice.pick(['read', 'write'])} access on ${server.host}`,
        category: 'access-request',
        priority: 'P4',
        origin: 'user-report',
        requester: person.name,
      });
    }
    case 'mfa':
      return newTicket(dice, {
        title: `MFA reset for ${person.name}: new phone`,
        category: 'mfa-reset',
        priority: 'P3',
        origin: 'user-report',
        requester: person.name,
      });
    case 'vulnerability': {
      const cve = dice.pick(CVES);
      return newTicket(dice, {
        title: `${cve.id} (CVSS ${cve.cvss}) on ${cve.host}: ${cve.what}`,
        category: 'vulnerability',
        priority: cve.cvss >= 9 ? 'P1' : 'P2',
        origin: 'scanner',
        requester: 'vuln-scanner',
      });
    }
    case 'lost': {
      const ws = WORKSTATIONS.find((w) => w.owner === person.name);
      return newTicket(dice, {
        title: `Lost laptop ${ws?.host ?? ''} reported by ${person.name}`.replace('  ', ' '),
        category: 'lost-device',
        priority: 'P2',
        origin: 'user-report',
        requester: person.name,
      });
    }
  }
}

function newTicket(
  dice: Dice,
  fields: Pick<Ticket, 'title' | 'category' | 'priority' | 'origin' | 'requester'> & { alertId?: string },
): Ticket {
  const now = Date.now();
  return {
    ticketId: dice.id('SEC', 6),
    alertId: null,
    ...fields,
    createdAt: new Date(now).toISOString(),
    slaDueAt: new Date(now + SLA_MS[fields.priority]).toISOString(),
  };
}
