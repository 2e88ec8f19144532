/**
 * The simulated company the demo traffic comes from: people, machines, the internet around them and
 * a small threat-intelligence feed. External addresses are documentation ranges (RFC 5737) only.
 */
export const DOMAIN = 'CORP';

export interface Person {
  name: string;
  department: 'finance' | 'engineering' | 'sales' | 'hr' | 'it' | 'legal' | 'security';
  country: string;
}

export const PEOPLE: readonly Person[] = [
  { name: 'a.kowalski', department: 'finance', country: 'DE' },
  { name: 'b.okafor', department: 'engineering', country: 'GB' },
  { name: 'c.lindqvist', department: 'engineering', country: 'SE' },
  { name: 'd.moreau', department: 'sales', country: 'FR' },
  { name: 'e.tanaka', department: 'engineering', country: 'US' },
  { name: 'f.garcia', department: 'hr', country: 'ES' },
  { name: 'g.novak', department: 'it', country: 'DE' },
  { name: 'h.schmidt', department: 'legal', country: 'DE' },
  { name: 'i.rossi', department: 'sales', country: 'IT' },
  { name: 'j.doe', department: 'finance', country: 'US' },
  { name: 'k.mensah', department: 'security', country: 'GB' },
  { name: 'l.chen', department: 'engineering', country: 'US' },
  { name: 'm.jansen', department: 'it', country: 'NL' },
  { name: 'n.patel', department: 'security', country: 'GB' },
  { name: 'o.silva', department: 'sales', country: 'PT' },
  { name: 'p.walsh', department: 'finance', country: 'IE' },
  { name: 'svc_backup', department: 'it', country: 'DE' },
  { name: 'svc_jenkins', department: 'engineering', country: 'DE' },
];

/** Names that attackers try and nobody here has. */
export const SPRAYED_NAMES = [
  'admin',
  'administrator',
  'test',
  'guest',
  'root',
  'scanner',
  'oracle',
] as const;

export type AssetRole =
  | 'workstation'
  | 'domain-controller'
  | 'database'
  | 'file-server'
  | 'vpn-gateway'
  | 'bastion'
  | 'mail-gateway'
  | 'ci'
  | 'kubernetes-node'
  | 'web'
  | 'monitoring';

export interface Asset {
  host: string;
  ip: string;
  role: AssetRole;
  owner: string;
  criticality: 'low' | 'medium' | 'high' | 'critical';
  os: string;
  tags: readonly string[];
}

export const WORKSTATIONS: readonly Asset[] = PEOPLE.filter((p) => !p.name.startsWith('svc_')).map(
  (person, i) => ({
    host: `ws-${person.department.slice(0, 3)}-${String(11 + i * 3).padStart(3, '0')}`,
    ip: `10.20.${4 + (i % 6)}.${11 + i * 3}`,
    role: 'workstation',
    owner: person.name,
    criticality: person.department === 'finance' || person.department === 'legal' ? 'medium' : 'low',
    os: i % 4 === 3 ? 'macOS 14.5' : 'Windows 11 23H2',
    tags: [person.department],
  }),
);

export const SERVERS: readonly Asset[] = [
  srv('dc01', '10.0.1.10', 'domain-controller', 'critical', 'Windows Server 2022', ['ad', 'tier0']),
  srv('dc02', '10.0.1.11', 'domain-controller', 'critical', 'Windows Server 2022', ['ad', 'tier0']),
  srv('srv-sql-02', '10.0.2.22', 'database', 'high', 'Windows Server 2019', ['pci', 'erp']),
  srv('srv-files-01', '10.0.2.31', 'file-server', 'high', 'Windows Server 2019', ['shares']),
  srv('vpn-gw-01', '10.0.0.5', 'vpn-gateway', 'high', 'FortiOS 7.4', ['edge']),
  srv('bastion-01', '10.0.0.8', 'bastion', 'high', 'Ubuntu 22.04', ['edge', 'ssh']),
  srv('mail-gw-01', '10.0.0.25', 'mail-gateway', 'medium', 'Exchange Online connector', ['edge', 'mail']),
  srv('jenkins-01', '10.0.3.40', 'ci', 'high', 'Ubuntu 22.04', ['build', 'secrets']),
  srv('k8s-node-07', '10.0.4.17', 'kubernetes-node', 'medium', 'Bottlerocket 1.19', ['prod']),
  srv('k8s-node-12', '10.0.4.22', 'kubernetes-node', 'medium', 'Bottlerocket 1.19', ['prod']),
  srv('web-prod-03', '10.0.5.13', 'web', 'medium', 'Ubuntu 22.04', ['dmz', 'prod']),
  srv('mon-01', '10.0.6.2', 'monitoring', 'low', 'Ubuntu 22.04', ['observability']),
];

function srv(
  host: string,
  ip: string,
  role: AssetRole,
  criticality: Asset['criticality'],
  os: string,
  tags: string[],
): Asset {
  return { host, ip, role, owner: 'it-ops', criticality, os, tags };
}

export const ASSETS: readonly Asset[] = [...WORKSTATIONS, ...SERVERS];
const BY_HOST = new Map(ASSETS.map((a) => [a.host, a]));
const BY_IP = new Map(ASSETS.map((a) => [a.ip, a]));

export function assetByHost(host: string): Asset | undefined {
  return BY_HOST.get(host);
}

export function assetByIp(ip: string): Asset | undefined {
  return BY_IP.get(ip);
}

export function serversWithRole(...roles: AssetRole[]): Asset[] {
  return SERVERS.filter((s) => roles.includes(s.role));
}

/** Three documentation ranges stand in for the internet: partners and users, clouds, hostile hosts. */
export const NET = {
  /** Home broadband, hotels, partners: where employees log in from. */
  residential: '198.51.100',
  /** Cloud providers and SaaS. */
  cloud: '192.0.2',
  /** Hosts on threat-intelligence lists. */
  hostile: '203.0.113',
} as const;

export interface GeoInfo {
  country: string;
  city: string;
  asn: string;
}

export const RESIDENTIAL_GEO: readonly GeoInfo[] = [
  { country: 'DE', city: 'Berlin', asn: 'AS3320 Deutsche Telekom' },
  { country: 'GB', city: 'London', asn: 'AS2856 British Telecom' },
  { country: 'US', city: 'Seattle', asn: 'AS7922 Comcast' },
  { country: 'FR', city: 'Lyon', asn: 'AS3215 Orange' },
  { country: 'NL', city: 'Utrecht', asn: 'AS1136 KPN' },
  { country: 'IE', city: 'Dublin', asn: 'AS5466 Eir' },
  { country: 'ES', city: 'Madrid', asn: 'AS3352 Telefonica' },
];

export const CLOUD_GEO: readonly GeoInfo[] = [
  { country: 'US', city: 'Ashburn', asn: 'AS16509 Amazon' },
  { country: 'IE', city: 'Dublin', asn: 'AS8075 Microsoft' },
  { country: 'US', city: 'Council Bluffs', asn: 'AS15169 Google' },
  { country: 'DE', city: 'Frankfurt', asn: 'AS13335 Cloudflare' },
];

export const HOSTILE_GEO: readonly GeoInfo[] = [
  { country: 'RU', city: 'Moscow', asn: 'AS49505 Selectel' },
  { country: 'CN', city: 'Shanghai', asn: 'AS4134 Chinanet' },
  { country: 'NL', city: 'Amsterdam', asn: 'AS9009 M247' },
  { country: 'KP', city: 'Pyongyang', asn: 'AS131279 Star JV' },
  { country: 'IR', city: 'Tehran', asn: 'AS58224 TCI' },
  { country: 'US', city: 'Clifton', asn: 'AS14061 DigitalOcean' },
];

export const HIGH_RISK_COUNTRIES: ReadonlySet<string> = new Set(['RU', 'CN', 'KP', 'IR']);

export interface MalwareSample {
  sha256: string;
  family: string;
  fileName: string;
}

/** The threat-intelligence feed's hashes (the first is the EICAR test file's). */
export const KNOWN_MALWARE: readonly MalwareSample[] = [
  {
    sha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
    family: 'EICAR-Test-File',
    fileName: 'eicar.com',
  },
  {
    sha256: '9f1c4e0b6d2a7c3e5f8a1b0d4c6e2f7a9b3d5c1e8f0a2b4c6d8e1f3a5b7c9d0e',
    family: 'Emotet',
    fileName: 'Invoice_0423.doc',
  },
  {
    sha256: '4b8e2d6f0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f6a8c0e1b3d5f7a9c2e4b',
    family: 'QakBot',
    fileName: 'Remittance_Advice.one',
  },
  {
    sha256: 'c3a5e7b9d1f2a4c6e8b0d2f4a6c8e1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a2c4',
    family: 'CobaltStrike-Beacon',
    fileName: 'update.ps1',
  },
  {
    sha256: 'e1f3a5c7e9b0d2f4a6c8e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3',
    family: 'AgentTesla',
    fileName: 'PO_88213.pdf.exe',
  },
  {
    sha256: '7d9f1a3c5e7b9d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9a0c2e4b6d8f',
    family: 'LockBit-3.0',
    fileName: 'svchost_update.exe',
  },
  {
    sha256: 'a0c2e4b6d8f1a3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4',
    family: 'Mimikatz',
    fileName: 'mimi64.exe',
  },
];

const MALWARE_BY_HASH = new Map(KNOWN_MALWARE.map((m) => [m.sha256, m]));

export function malwareByHash(sha256: string): MalwareSample | undefined {
  return MALWARE_BY_HASH.get(sha256);
}

export const BENIGN_FILES = [
  { fileName: 'ChromeSetup.exe', path: 'C:\\Users\\{user}\\Downloads' },
  { fileName: 'Q3_forecast.xlsx', path: 'C:\\Users\\{user}\\Documents' },
  { fileName: 'zoom_x64.msi', path: 'C:\\Users\\{user}\\Downloads' },
  { fileName: 'node-v20.19.0-x64.msi', path: 'C:\\Users\\{user}\\Downloads' },
  { fileName: 'contract_signed.pdf', path: 'C:\\Users\\{user}\\Documents' },
  { fileName: 'backup.sh', path: '/opt/scripts' },
  { fileName: 'kubectl', path: '/usr/local/bin' },
] as const;

export const SUSPICIOUS_FILES = [
  { fileName: 'Payment_Details.pdf.exe', path: 'C:\\Users\\{user}\\AppData\\Local\\Temp' },
  { fileName: 'invoice.js', path: 'C:\\Users\\{user}\\AppData\\Local\\Temp' },
  { fileName: 'run.vbs', path: 'C:\\Users\\{user}\\AppData\\Roaming' },
  { fileName: 'rclone.exe', path: 'C:\\ProgramData' },
  { fileName: 'procdump64.exe', path: 'C:\\Windows\\Temp' },
] as const;

export const ANALYSTS = [
  'k.mensah',
  'n.patel',
  'soc.tier1.anna',
  'soc.tier1.omar',
  'soc.tier2.lea',
  'iam.team.raj',
  'vuln.team.zoe',
] as const;
