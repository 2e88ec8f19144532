import { describe, expect, it } from 'vitest';
import { SchemaValidationError, type Envelope } from '@/server/bus';
import { Dice, seededRandom } from './random';
import { createDemoSchemas, FileHash, LoginAttempt, NetworkFlow, type EnrichedSignal } from './schemas';
import { FailureWindow, score, severityOf } from './scoring';
import { SignalFactory } from './signals';
import { lookupPeer } from './lookups';

const legacyEvent = (data: unknown): Envelope => ({
  specversion: '1.0',
  id: 'e-1',
  source: '/services/edr-legacy-agent',
  type: 'security.login.attempted',
  dataversion: 1,
  data,
});

describe('demo signals', () => {
  it('repeats itself under the same seed', () => {
    const draw = (): unknown[] => {
      const factory = new SignalFactory(new Dice(seededRandom(42)));
      const now = new Date('2024-06-11T09:00:00Z');
      return [factory.login(now), factory.flow(now), factory.file(false, now)];
    };
    expect(draw()).toEqual(draw());
  });

  it('draws only schema-valid logins, flows and file hashes', () => {
    const factory = new SignalFactory(new Dice(seededRandom(1)));
    for (let i = 0; i < 500; i++) {
      expect(LoginAttempt.safeParse(factory.login()).success).toBe(true);
      expect(NetworkFlow.safeParse(factory.flow()).success).toBe(true);
      expect(FileHash.safeParse(factory.file(i % 10 === 0)).success).toBe(true);
    }
  });

  it('upcasts a legacy v1 login to v2, and rejects one with the "-" address', () => {
    const schemas = createDemoSchemas();
    const factory = new SignalFactory(new Dice(seededRandom(3)));
    const upcast = schemas.upcastToLatest(legacyEvent(factory.legacyLogin(false)));
    expect(upcast.dataversion).toBe(2);
    expect(upcast.data).toMatchObject({ user: { domain: 'CORP' }, sensor: 'edr-legacy', mfa: null });
    expect(() => schemas.upcastToLatest(legacyEvent(factory.legacyLogin(true)))).toThrow(
      SchemaValidationError,
    );
  });
});

describe('demo scoring', () => {
  const login = (sourceIp: string, outcome: 'success' | 'failure'): EnrichedSignal => ({
    signal: {
      signalId: 's-1',
      kind: 'login',
      host: 'vpn-gw-01',
      observedAt: '2024-06-11T09:00:00Z',
      login: {
        user: { name: 'j.doe', domain: 'CORP' },
        sourceIp,
        host: 'vpn-gw-01',
        outcome,
        failureReason: outcome === 'failure' ? 'bad_password' : null,
        authMethod: 'saml-sso',
        mfa: true,
        sensor: 'vpn-gateway',
        observedAt: '2024-06-11T09:00:00Z',
      },
    },
    enrichment: { asset: null, peer: lookupPeer(sourceIp), peerAsset: null, file: null, homeCountry: 'US' },
  });

  it('raises a sign-in from a listed address and ignores one from home', () => {
    const hostile = score(login('203.0.113.40', 'success'), new FailureWindow());
    expect(hostile.verdict).toBe('malicious');
    expect(hostile.hits[0]).toMatchObject({ rule: 'auth.success-from-malicious-ip', technique: 'T1078' });
    expect(score(login('198.51.100.7', 'success'), new FailureWindow())).toMatchObject({
      score: 0,
      verdict: 'benign',
    });
  });

  it('spots a password spray: five failures from one address within a minute', () => {
    const window = new FailureWindow();
    const results = [0, 1, 2, 3, 4].map((i) => score(login('198.51.100.9', 'failure'), window, 1_000 * i));
    expect(results.at(-1)?.hits.map((h) => h.rule)).toContain('auth.password-spray');
    expect(results[0]?.hits).toEqual([]);
  });

  it('maps scores to severities', () => {
    expect([40, 55, 70, 90].map(severityOf)).toEqual(['low', 'medium', 'high', 'critical']);
  });
});
