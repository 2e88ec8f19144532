import {
  BENIGN_FILES,
  DOMAIN,
  KNOWN_MALWARE,
  NET,
  PEOPLE,
  SERVERS,
  SPRAYED_NAMES,
  SUSPICIOUS_FILES,
  WORKSTATIONS,
  assetByHost,
  serversWithRole,
  type Asset,
} from './catalog';
import type { Dice } from './random';
import type { FileHash, LoginAttempt, LoginAttemptV1, NetworkFlow } from './schemas';

const EMPLOYEES = PEOPLE.filter((p) => !p.name.startsWith('svc_'));
const GATEWAYS = serversWithRole('vpn-gateway', 'bastion');
const INTERNAL_TARGETS = serversWithRole('file-server', 'database', 'domain-controller', 'mail-gateway');
const LATERAL_TARGETS = serversWithRole('domain-controller', 'database', 'file-server', 'ci');

/**
 * Raw security telemetry as sensors report it: logins, network flows, file hashes. Each draw picks a
 * scenario (mostly benign, some hostile) and shapes the fields so that later stages can tell.
 */
export class SignalFactory {
  constructor(private readonly dice: Dice) {}

  login(now = new Date()): LoginAttempt {
    const d = this.dice;
    const scenario = d.weighted({ normal: 70, typo: 14, bruteforce: 7, compromised: 2, rdp: 7 });
    const person = d.pick(EMPLOYEES);
    const user = { name: person.name, domain: DOMAIN };
    const base = { sensor: 'idp-audit', observedAt: this.observedAt(now), mfa: null, failureReason: null };
    switch (scenario) {
      case 'bruteforce': {
        const gateway = d.pick(GATEWAYS);
        const sprayed = d.chance(0.4);
        return {
          ...base,
          user: { name: sprayed ? d.pick(SPRAYED_NAMES) : person.name, domain: DOMAIN },
          sourceIp: this.external('hostile'),
          host: gateway.host,
          outcome: 'failure',
          failureReason: sprayed ? 'unknown_user' : d.chance(0.1) ? 'account_locked' : 'bad_password',
          authMethod: gateway.role === 'bastion' ? 'ssh-key' : 'password',
          sensor: gateway.role === 'bastion' ? 'sshd' : 'vpn-gateway',
        };
      }
      case 'compromised':
        return {
          ...base,
          user,
          sourceIp: this.external('hostile'),
          host: 'vpn-gw-01',
          outcome: 'success',
          authMethod: 'saml-sso',
          mfa: d.chance(0.5),
          sensor: 'vpn-gateway',
        };
      case 'rdp': {
        const from = d.pick(WORKSTATIONS);
        return {
          ...base,
          user: { name: from.owner, domain: DOMAIN },
          sourceIp: from.ip,
          host: d.pick(INTERNAL_TARGETS).host,
          outcome: 'success',
          authMethod: 'rdp',
          mfa: false,
          sensor: 'windows-security',
        };
      }
      default: {
        const remote = d.chance(0.4);
        const failed = scenario === 'typo';
        return {
          ...base,
          user,
          sourceIp: remote ? this.external('residential') : this.workstationOf(person.name).ip,
          host: remote ? 'vpn-gw-01' : d.pick(INTERNAL_TARGETS).host,
          outcome: failed ? 'failure' : 'success',
          failureReason: failed ? (d.chance(0.85) ? 'bad_password' : 'mfa_denied') : null,
          authMethod: remote ? 'saml-sso' : 'kerberos',
          mfa: remote ? !failed : null,
          sensor: remote ? 'idp-audit' : 'windows-security',
        };
      }
    }
  }

  /** A Windows logon event as the legacy EDR agent forwards it (v1); `corrupt` leaves the `-` address in. */
  /**
   * A password-guessing burst on one employee's account: `count` failed logins from one hostile
   * address through one gateway, what the demo's failed-login rule is there to catch.
   */
  loginBurst(count: number, now = new Date()): LoginAttempt[] {
    const d = this.dice;
    const person = d.pick(EMPLOYEES);
    const gateway = d.pick(GATEWAYS);
    const sourceIp = this.external('hostile');
    return Array.from({ length: count }, () => ({
      user: { name: person.name, domain: DOMAIN },
      sourceIp,
      host: gateway.host,
      outcome: 'failure' as const,
      failureReason: 'bad_password' as const,
      authMethod: gateway.role === 'bastion' ? ('ssh-key' as const) : ('password' as const),
      mfa: null,
      sensor: gateway.role === 'bastion' ? 'sshd' : 'vpn-gateway',
      observedAt: this.observedAt(now),
    }));
  }

  legacyLogin(corrupt: boolean, now = new Date()): LoginAttemptV1 {
    const d = this.dice;
    const ws = d.pick(WORKSTATIONS);
    const interactive = d.chance(0.6);
    const failed = d.chance(0.1);
    return {
      user: `${DOMAIN}\\${ws.owner}`,
      src_ip: corrupt ? '-' : ws.ip,
      host: interactive ? ws.host : d.pick(INTERNAL_TARGETS).host,
      result: failed ? 'FAILURE' : 'SUCCESS',
      status: failed ? d.pick(['0xC000006A', '0xC000006A', '0xC0000234']) : null,
      logon_type: interactive ? 2 : 3,
      auth_package: interactive ? 'Negotiate' : d.pick(['Kerberos', 'NTLM'] as const),
      ts: Math.floor(now.getTime() / 1000),
    };
  }

  flow(now = new Date()): NetworkFlow {
    const d = this.dice;
    const scenario = d.weighted({ web: 55, dns: 14, smb: 10, scrape: 8, lateral: 5, beacon: 4, exfil: 3 });
    const ws = d.pick(WORKSTATIONS);
    const base = {
      host: ws.host,
      sourceIp: ws.ip,
      sourcePort: d.int(49152, 65535),
      protocol: 'tcp' as const,
      sensor: 'zeek',
      observedAt: this.observedAt(now),
    };
    switch (scenario) {
      case 'dns':
        return this.sized({ ...base, destIp: '10.0.1.10', destPort: 53, protocol: 'udp' }, 80, 400, 1);
      case 'smb':
        return this.sized({ ...base, destIp: '10.0.2.31', destPort: 445 }, 2_000, 2_000_000, 200);
      case 'scrape': {
        const target = d.pick(SERVERS);
        const mon = assetByHost('mon-01')!;
        return this.sized(
          { ...base, host: mon.host, sourceIp: mon.ip, destIp: target.ip, destPort: 9100 },
          300,
          600,
          40,
        );
      }
      case 'lateral': {
        const target = d.pick(LATERAL_TARGETS);
        return this.sized(
          { ...base, destIp: target.ip, destPort: d.pick([445, 3389, 5985, 22]) },
          5_000,
          400_000,
          600,
        );
      }
      case 'beacon':
        return this.sized(
          { ...base, destIp: this.external('hostile'), destPort: d.pick([4444, 8443, 443, 1337]) },
          200,
          1_200,
          60_000,
        );
      case 'exfil': {
        const source: Asset = d.chance(0.5) ? ws : assetByHost('srv-files-01')!;
        return {
          ...base,
          host: source.host,
          sourceIp: source.ip,
          destIp: d.chance(0.6) ? this.external('cloud') : this.external('hostile'),
          destPort: d.pick([443, 22, 21]),
          bytesOut: d.int(60, 900) * 1_048_576,
          bytesIn: d.int(10_000, 200_000),
          packets: d.int(40_000, 700_000),
          durationMs: d.int(60_000, 1_800_000),
        };
      }
      default:
        return this.sized(
          { ...base, destIp: this.external(d.chance(0.7) ? 'cloud' : 'residential'), destPort: 443 },
          400,
          300_000,
          30_000,
        );
    }
  }

  /** A hash seen on a host; `sha1` makes the sensor send a SHA-1 in the SHA-256 field (40 hex chars). */
  file(sha1: boolean, now = new Date()): FileHash {
    const d = this.dice;
    const scenario = d.weighted({ benign: 82, malware: 9, suspicious: 9 });
    const ws = d.pick(WORKSTATIONS);
    const base = { host: ws.host, user: ws.owner, sensor: 'edr', observedAt: this.observedAt(now) };
    const hash = sha1 ? d.hex(40) : d.hex(64);
    const at = (path: string): string => path.replace('{user}', ws.owner);
    switch (scenario) {
      case 'malware': {
        const sample = d.pick(KNOWN_MALWARE);
        const path = at(d.pick(SUSPICIOUS_FILES).path);
        return {
          ...base,
          sha256: sha1 ? hash : sample.sha256,
          fileName: sample.fileName,
          path,
          sizeBytes: d.int(68, 4_000_000),
        };
      }
      case 'suspicious': {
        const file = d.pick(SUSPICIOUS_FILES);
        return {
          ...base,
          sha256: hash,
          fileName: file.fileName,
          path: at(file.path),
          sizeBytes: d.int(1_000, 2_000_000),
        };
      }
      default: {
        const file = d.pick(BENIGN_FILES);
        return {
          ...base,
          sha256: hash,
          fileName: file.fileName,
          path: at(file.path),
          sizeBytes: d.int(10_000, 120_000_000),
        };
      }
    }
  }

  private sized<T extends object>(
    flow: T,
    minOut: number,
    maxOut: number,
    maxDurationMs: number,
  ): T & Pick<NetworkFlow, 'bytesOut' | 'bytesIn' | 'packets' | 'durationMs'> {
    const d = this.dice;
    const bytesOut = d.int(minOut, maxOut);
    const bytesIn = d.int(minOut, maxOut * 4);
    return {
      ...flow,
      bytesOut,
      bytesIn,
      packets: Math.max(1, Math.round((bytesOut + bytesIn) / d.int(400, 1_400))),
      durationMs: d.int(1, maxDurationMs),
    };
  }

  private external(kind: keyof typeof NET): string {
    return `${NET[kind]}.${this.dice.int(1, 254)}`;
  }

  private workstationOf(user: string): Asset {
    return WORKSTATIONS.find((w) => w.owner === user) ?? this.dice.pick(WORKSTATIONS);
  }

  /** Sensors report a little late. */
  private observedAt(now: Date): string {
    return new Date(now.getTime() - this.dice.int(0, 1_500)).toISOString();
  }
}
