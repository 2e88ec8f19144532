import { describe, expect, it } from 'vitest';
import {
  childPath,
  countNodes,
  DEFAULT_JSON_LIMITS,
  describeContainer,
  initiallyOpen,
  isTruncated,
  shapeJson,
  stringLiteral,
  type JsonContainerNode,
  type JsonNode,
} from './json-shape';

/** The data of a demo signal.enriched event, as GET /api/events/{id} returns it. */
const ENRICHED = {
  signal: {
    host: 'bastion-01',
    kind: 'login',
    login: {
      mfa: null,
      user: { name: 'h.schmidt', domain: 'CORP' },
      outcome: 'failure',
      sourceIp: '203.0.113.75',
    },
    signalId: '01a203e2-29e5-7037-aef3-9588b4a61fee',
  },
  enrichment: {
    peer: {
      ip: '203.0.113.75',
      lists: ['abuse.ch Feodo Tracker', 'Spamhaus DROP', 'internal blocklist'],
      internal: false,
      reputation: 93,
    },
    'home country': 'DE',
  },
};

function container(node: JsonNode): JsonContainerNode {
  if (node.kind !== 'object' && node.kind !== 'array')
    throw new Error(`expected a container, got ${node.kind}`);
  return node;
}

function find(node: JsonNode, path: string): JsonNode | undefined {
  if (node.path === path) return node;
  if (node.kind !== 'object' && node.kind !== 'array') return undefined;
  for (const child of node.children) {
    const hit = find(child, path);
    if (hit) return hit;
  }
  return undefined;
}

describe('childPath', () => {
  it('writes paths the events search accepts in where', () => {
    expect(childPath('$', 'signal')).toBe('$.signal');
    expect(childPath('$.peer', 'lists')).toBe('$.peer.lists');
    expect(childPath('$.peer.lists', 0)).toBe('$.peer.lists[0]');
    expect(childPath('$', 'home country')).toBe('$["home country"]');
    expect(childPath('$', 'a"b')).toBe('$["a\\"b"]');
  });
});

describe('shapeJson', () => {
  it('shapes a small payload whole, with paths, kinds and JSON text', () => {
    const root = container(shapeJson(ENRICHED, { limits: DEFAULT_JSON_LIMITS }));
    expect(root).toMatchObject({ kind: 'object', path: '$', key: null, total: 2, hidden: 0 });
    expect(find(root, '$.signal.login.mfa')).toEqual({
      kind: 'null',
      path: '$.signal.login.mfa',
      key: 'mfa',
      text: 'null',
    });
    expect(find(root, '$.enrichment.peer.reputation')).toMatchObject({ kind: 'number', text: '93' });
    expect(find(root, '$.enrichment.peer.internal')).toMatchObject({ kind: 'boolean', text: 'false' });
    expect(find(root, '$.enrichment.peer.lists[1]')).toMatchObject({
      kind: 'string',
      value: 'Spamhaus DROP',
    });
    expect(find(root, '$["home country"]')).toBeUndefined();
    expect(find(root, '$.enrichment["home country"]')).toMatchObject({ value: 'DE', key: 'home country' });
    expect(isTruncated(root)).toBe(false);
  });

  it('cuts long strings and long arrays, and says how much is left', () => {
    const payload = { blob: 'x'.repeat(10_000), ids: Array.from({ length: 500 }, (_, i) => i) };
    const root = container(shapeJson(payload, { limits: DEFAULT_JSON_LIMITS }));
    const blob = find(root, '$.blob');
    expect(blob).toMatchObject({ kind: 'string', length: 10_000, cut: true });
    expect(blob?.kind === 'string' && blob.value.length).toBe(DEFAULT_JSON_LIMITS.maxStringChars);
    const ids = container(find(root, '$.ids')!);
    expect(ids.children).toHaveLength(50);
    expect(ids).toMatchObject({ total: 500, hidden: 450 });
    expect(isTruncated(root)).toBe(true);
  });

  it('shows an expanded path in full and leaves the rest cut', () => {
    const payload = { a: 'y'.repeat(1_000), b: 'z'.repeat(1_000) };
    const root = shapeJson(payload, { limits: DEFAULT_JSON_LIMITS, expanded: new Set(['$.a']) });
    expect(find(root, '$.a')).toMatchObject({ cut: false, length: 1_000 });
    expect(find(root, '$.b')).toMatchObject({ cut: true });
  });

  it('keeps a deep, wide payload within the node budget', () => {
    const wide = Array.from({ length: 40 }, (_, i) => ({
      i,
      tags: Array.from({ length: 40 }, (_, j) => `t${j}`),
    }));
    const root = shapeJson({ rows: wide }, { limits: DEFAULT_JSON_LIMITS });
    expect(countNodes(root)).toBeLessThanOrEqual(DEFAULT_JSON_LIMITS.maxNodes);
    expect(isTruncated(root)).toBe(true);
    const all = shapeJson({ rows: wide }, { limits: null });
    expect(countNodes(all)).toBe(1 + 1 + 40 * (1 + 1 + 1 + 40));
    expect(isTruncated(all)).toBe(false);
  });

  it('shows values JSON cannot hold as text or null', () => {
    const root = shapeJson({ n: Number.NaN, u: undefined }, { limits: null });
    expect(find(root, '$.n')).toMatchObject({ kind: 'number', text: 'null' });
    expect(find(root, '$.u')).toMatchObject({ kind: 'null' });
  });
});

describe('display helpers', () => {
  it('describes containers by size', () => {
    const root = container(shapeJson({ a: [], b: {}, c: [1], d: { x: 1, y: 2 } }, { limits: null }));
    expect(root.children.map((child) => describeContainer(container(child)))).toEqual([
      '[]',
      '{}',
      '[1 item]',
      '{2 keys}',
    ]);
  });

  it('writes string literals with escapes and an ellipsis when cut', () => {
    const node = shapeJson('line\n"two"', { limits: null });
    expect(node.kind === 'string' && stringLiteral(node)).toBe('"line\\n\\"two\\""');
    const cut = shapeJson('abcdef', { limits: { ...DEFAULT_JSON_LIMITS, maxStringChars: 3 } });
    expect(cut.kind === 'string' && stringLiteral(cut)).toBe('"abc…"');
  });

  it('opens the first two levels, except long lists', () => {
    const open = initiallyOpen(shapeJson(ENRICHED, { limits: null }));
    expect([...open].sort()).toEqual(['$', '$.enrichment', '$.signal']);
    const hosts = Array.from({ length: 300 }, (_, i) => `host-${i}`);
    const withList = initiallyOpen(shapeJson({ hosts, peer: { ip: '203.0.113.75' } }, { limits: null }));
    expect([...withList].sort()).toEqual(['$', '$.peer']);
  });
});
