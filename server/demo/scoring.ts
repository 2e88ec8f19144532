import { HIGH_RISK_COUNTRIES } from './catalog';
import type { EnrichedSignal, RuleHit, ScoredSignal } from './schemas';

const C2_PORTS = new Set([4444, 8443, 1337, 6667]);
const ADMIN_PORTS = new Set([3389, 5985, 5986, 22]);
const LARGE_EGRESS_BYTES = 50 * 1_048_576;
const SPRAY_WINDOW_MS = 60_000;
const SPRAY_THRESHOLD = 5;

/** Failed logins per source address in a sliding window, bounded in the number of addresses tracked. */
export class FailureWindow {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly maxKeys = 10_000) {}

  /** Records a failure and returns how many fell in the window, this one included. */
  add(key: string, now: number): number {
    const times = (this.seen.get(key) ?? []).filter((t) => now - t < SPRAY_WINDOW_MS);
    times.push(now);
    this.seen.delete(key);
    this.seen.set(key, times.slice(-SPRAY_THRESHOLD * 4));
    if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
    return times.length;
  }
}

/** Detection rules over one enriched signal; the score is the capped sum of the hits' points. */
export function score(input: EnrichedSignal, failures: FailureWindow, now = Date.now()): ScoredSignal {
  const { signal, enrichment } = input;
  const hits: RuleHit[] = [];
  const hit = (rule: string, points: number, technique: string): void => {
    hits.push({ rule, points, technique });
  };
  const peer = enrichment.peer;
  let user: string | null = null;
  let peerIp: string | null = null;

  if (signal.kind === 'login') {
    const { login } = signal;
    user = login.user.name;
    peerIp = login.sourceIp;
    const hostile = (peer?.reputation ?? 0) >= 70;
    if (login.outcome === 'failure') {
      if (hostile) hit('auth.bruteforce-from-malicious-ip', 45, 'T1110');
      if (failures.add(login.sourceIp, now) >= SPRAY_THRESHOLD) hit('auth.password-spray', 25, 'T1110.003');
      if (login.failureReason === 'unknown_user' && !peer?.internal)
        hit('auth.invalid-user', 10, 'T1110.001');
      if (enrichment.asset?.criticality === 'critical') hit('auth.failure-on-tier0', 10, 'T1110');
    } else {
      if (hostile) hit('auth.success-from-malicious-ip', 75, 'T1078');
      if (peer?.country && HIGH_RISK_COUNTRIES.has(peer.country)) hit('auth.high-risk-country', 20, 'T1078');
      if (login.mfa === false && !peer?.internal) hit('auth.no-mfa-remote', 10, 'T1078');
    }
  } else if (signal.kind === 'flow') {
    const { flow } = signal;
    peerIp = flow.destIp;
    const hostile = (peer?.reputation ?? 0) >= 70;
    if (hostile && C2_PORTS.has(flow.destPort)) hit('net.c2-beacon', 80, 'T1071');
    else if (hostile) hit('net.connection-to-malicious-ip', 40, 'T1071.001');
    if (!peer?.internal && flow.bytesOut >= LARGE_EGRESS_BYTES) {
      hit('net.large-egress', 45, 'T1041');
      if (peer?.country && HIGH_RISK_COUNTRIES.has(peer.country))
        hit('net.egress-high-risk-country', 25, 'T1041');
    }
    const target = enrichment.peerAsset;
    const fromWorkstation = enrichment.asset?.role === 'workstation' && !enrichment.asset.tags.includes('it');
    if (fromWorkstation && target && target.role !== 'workstation') {
      const admin =
        ADMIN_PORTS.has(flow.destPort) || (flow.destPort === 445 && target.role !== 'file-server');
      if (admin) hit('net.lateral-movement', 35, 'T1021');
      if (admin && (target.criticality === 'critical' || target.criticality === 'high'))
        hit('net.lateral-to-crown-jewel', 20, 'T1021');
    }
  } else {
    const { file } = signal;
    user = file.user;
    if (enrichment.file?.verdict === 'malicious') hit('file.known-malware', 90, 'T1204.002');
    if (/\.(pdf|docx?|xlsx?)\.exe$/i.test(file.fileName)) hit('file.double-extension', 45, 'T1036.007');
    if (/\\(Temp|AppData\\Roaming)\\[^\\]+\.(js|vbs|ps1|hta)$/i.test(`${file.path}\\${file.fileName}`))
      hit('file.script-in-temp', 40, 'T1059');
    if (/^(rclone|procdump64)\.exe$/i.test(file.fileName)) hit('file.dual-use-tool', 40, 'T1567.002');
  }

  const total = Math.min(
    100,
    hits.reduce((sum, h) => sum + h.points, 0),
  );
  return {
    signalId: signal.signalId,
    kind: signal.kind,
    host: signal.host,
    user,
    peerIp,
    score: total,
    verdict: total >= 70 ? 'malicious' : total >= 40 ? 'suspicious' : 'benign',
    hits,
  };
}

export function severityOf(score: number): 'low' | 'medium' | 'high' | 'critical' {
  if (score >= 90) return 'critical';
  if (score >= 70) return 'high';
  if (score >= 55) return 'medium';
  return 'low';
}

const TITLES: Record<string, (s: ScoredSignal) => string> = {
  'auth.bruteforce-from-malicious-ip': (s) => `Brute force from ${s.peerIp} against ${s.host}`,
  'auth.password-spray': (s) => `Password spray from ${s.peerIp}`,
  'auth.success-from-malicious-ip': (s) => `${s.user} signed in from malicious IP ${s.peerIp}`,
  'net.c2-beacon': (s) => `Possible C2 beacon from ${s.host} to ${s.peerIp}`,
  'net.connection-to-malicious-ip': (s) => `${s.host} connected to listed IP ${s.peerIp}`,
  'net.large-egress': (s) => `Large upload from ${s.host} to ${s.peerIp}`,
  'net.lateral-movement': (s) => `Lateral movement from ${s.host} to ${s.peerIp}`,
  'file.known-malware': (s) => `Known malware on ${s.host} (${s.user})`,
  'file.double-extension': (s) => `Double-extension executable on ${s.host}`,
  'file.script-in-temp': (s) => `Script dropped in a temp folder on ${s.host}`,
  'file.dual-use-tool': (s) => `Dual-use tool on ${s.host}`,
};

/** The alert's title comes from its strongest rule. */
export function titleOf(scored: ScoredSignal): { rule: string; technique: string; title: string } {
  const top = [...scored.hits].sort((a, b) => b.points - a.points)[0];
  if (!top) return { rule: 'none', technique: '', title: `Suspicious activity on ${scored.host}` };
  const title = TITLES[top.rule]?.(scored) ?? `${top.rule} on ${scored.host}`;
  return { rule: top.rule, technique: top.technique, title };
}
