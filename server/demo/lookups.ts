import {
  CLOUD_GEO,
  HOSTILE_GEO,
  NET,
  PEOPLE,
  RESIDENTIAL_GEO,
  assetByHost,
  assetByIp,
  malwareByHash,
  type GeoInfo,
} from './catalog';
import type { Enrichment } from './schemas';

/**
 * Simulated enrichment sources (GeoIP, CMDB, threat intelligence). Pure and deterministic: the same
 * address always gets the same country and reputation, as a real lookup would within a day.
 */
export function lookupPeer(ip: string): NonNullable<Enrichment['peer']> {
  const internal = ip.startsWith('10.');
  const octet = Number(ip.split('.').pop() ?? 0) || 0;
  const range = ip.slice(0, ip.lastIndexOf('.'));
  if (internal) return { ip, internal, country: null, city: null, asn: null, reputation: 0, lists: [] };
  const geo = geoOf(range, octet);
  if (range === NET.hostile) {
    const lists = ['abuse.ch Feodo Tracker', 'Spamhaus DROP', 'internal blocklist'].filter(
      (_, i) => (octet >> i) & 1 || i === 2,
    );
    return { ip, internal, ...geo, reputation: 60 + ((octet * 7) % 41), lists };
  }
  return { ip, internal, ...geo, reputation: (octet * 13) % 21, lists: [] };
}

function geoOf(range: string, octet: number): Pick<GeoInfo, 'country' | 'city' | 'asn'> {
  const table = range === NET.hostile ? HOSTILE_GEO : range === NET.cloud ? CLOUD_GEO : RESIDENTIAL_GEO;
  return table[octet % table.length]!;
}

export function lookupAsset(host: string): Enrichment['asset'] {
  const asset = assetByHost(host);
  if (!asset) return null;
  const { role, owner, criticality, os, tags } = asset;
  return { host, role, owner, criticality, os, tags: [...tags] };
}

export function lookupPeerAsset(ip: string): Enrichment['peerAsset'] {
  const asset = assetByIp(ip);
  return asset ? { host: asset.host, role: asset.role, criticality: asset.criticality } : null;
}

export function lookupFile(sha256: string): NonNullable<Enrichment['file']> {
  const sample = malwareByHash(sha256);
  if (sample) return { verdict: 'malicious', family: sample.family };
  // a tenth of unseen hashes are on the vendor's allow-list
  return { verdict: parseInt(sha256.slice(0, 2), 16) < 26 ? 'clean' : 'unknown', family: null };
}

export function homeCountryOf(user: string): string | null {
  return PEOPLE.find((p) => p.name === user)?.country ?? null;
}
