/**
 * Shapes a JSON value into the nodes the event drawer's tree renders, with bounds: long strings are
 * cut, long arrays and objects show their first members, and a node budget caps the whole tree, so
 * a multi-megabyte payload renders as fast as a small one. Paths the reader asked to see in full
 * ("Show all") are shaped without limits. Pure; nothing here knows about React.
 */
import { plural } from '@/components/lib/format';

export interface JsonLimits {
  /** Characters of a string shown before it is cut. */
  maxStringChars: number;
  /** Members of an array or object shown before the rest is hidden. */
  maxMembers: number;
  /** Nodes in the whole tree; members past the budget are hidden (and counted). */
  maxNodes: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxStringChars: 240, maxMembers: 50, maxNodes: 1_500 };

export type JsonKey = string | number | null;

interface NodeBase {
  /** `$`, `$.signal.host`, `$.lists[0]`, `$["a key"]`: the API's path syntax, usable in `where`. */
  path: string;
  /** The member name (object), index (array), or null for the root. */
  key: JsonKey;
}

export interface JsonContainerNode extends NodeBase {
  kind: 'object' | 'array';
  children: JsonNode[];
  /** Members in the value. */
  total: number;
  /** Members not shaped (limit or budget). */
  hidden: number;
}

export interface JsonStringNode extends NodeBase {
  kind: 'string';
  /** The shown part (the whole string unless cut). */
  value: string;
  /** Characters in the whole string. */
  length: number;
  cut: boolean;
}

export interface JsonScalarNode extends NodeBase {
  kind: 'number' | 'boolean' | 'null';
  /** As JSON: `42`, `true`, `null`. */
  text: string;
}

export type JsonNode = JsonContainerNode | JsonStringNode | JsonScalarNode;

export function isContainer(node: JsonNode): node is JsonContainerNode {
  return node.kind === 'object' || node.kind === 'array';
}

export interface ShapeOptions {
  /** `null` shows everything. */
  limits: JsonLimits | null;
  /** Paths shown in full despite the limits. */
  expanded?: ReadonlySet<string>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The child path, in the syntax `GET /api/events?where=` accepts. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export function shapeJson(value: unknown, options: ShapeOptions): JsonNode {
  const expanded = options.expanded ?? new Set<string>();
  const limits = options.limits;
  // The root always counts; members past the budget are hidden, never half-shaped.
  let budget = limits ? limits.maxNodes - 1 : Number.POSITIVE_INFINITY;

  const shape = (input: unknown, path: string, key: JsonKey): JsonNode => {
    const full = limits === null || expanded.has(path);
    if (input === null || input === undefined) return { kind: 'null', path, key, text: 'null' };
    if (typeof input === 'string') {
      const max = full || !limits ? Number.POSITIVE_INFINITY : limits.maxStringChars;
      const cut = input.length > max;
      return {
        kind: 'string',
        path,
        key,
        value: cut ? input.slice(0, max) : input,
        length: input.length,
        cut,
      };
    }
    if (typeof input === 'number') {
      return { kind: 'number', path, key, text: Number.isFinite(input) ? String(input) : 'null' };
    }
    if (typeof input === 'boolean') return { kind: 'boolean', path, key, text: String(input) };
    if (typeof input !== 'object') {
      // bigint, function, symbol: not JSON; shown as text so nothing is silently lost
      return { kind: 'string', path, key, value: String(input), length: String(input).length, cut: false };
    }

    const isArray = Array.isArray(input);
    const members: [string | number, unknown][] = isArray
      ? input.map((item, index): [number, unknown] => [index, item])
      : Object.entries(input as Record<string, unknown>);
    const maxMembers = full || !limits ? Number.POSITIVE_INFINITY : limits.maxMembers;
    const children: JsonNode[] = [];
    for (const [memberKey, memberValue] of members) {
      if (children.length >= maxMembers) break;
      // an expanded container is shown whole even past the budget: the reader asked for it
      if (budget <= 0 && !full) break;
      budget -= 1;
      children.push(shape(memberValue, childPath(path, memberKey), memberKey));
    }
    return {
      kind: isArray ? 'array' : 'object',
      path,
      key,
      children,
      total: members.length,
      hidden: members.length - children.length,
    };
  };

  return shape(value, '$', null);
}

/** Whether anything in the shaped tree was cut or hidden. */
export function isTruncated(node: JsonNode): boolean {
  if (node.kind === 'string') return node.cut;
  if (isContainer(node)) {
    return node.hidden > 0 || node.children.some(isTruncated);
  }
  return false;
}

/** Nodes in a shaped tree (for tests and for the budget's sake). */
export function countNodes(node: JsonNode): number {
  if (isContainer(node)) {
    return 1 + node.children.reduce((sum, child) => sum + countNodes(child), 0);
  }
  return 1;
}

/** "{3 keys}", "[1 item]", "[]" */
export function describeContainer(node: JsonContainerNode): string {
  if (node.kind === 'array') {
    return node.total === 0 ? '[]' : `[${plural(node.total, 'item')}]`;
  }
  return node.total === 0 ? '{}' : `{${plural(node.total, 'key')}}`;
}

/** The shown part of a string node as a JSON literal (quotes and escapes), with an ellipsis when cut. */
export function stringLiteral(node: JsonStringNode): string {
  const quoted = JSON.stringify(node.value);
  return node.cut ? `${quoted.slice(0, -1)}…"` : quoted;
}

/**
 * Paths of the containers that start open: the root, and below it down to `depth` those small enough
 * to read at a glance (a list of 300 hosts starts closed, saying "[300 items]").
 */
export function initiallyOpen(node: JsonNode, depth = 2, maxMembers = 20): Set<string> {
  const open = new Set<string>();
  const walk = (current: JsonNode, level: number) => {
    if (!isContainer(current)) return;
    if (level >= depth) return;
    if (level > 0 && current.total > maxMembers) return;
    open.add(current.path);
    for (const child of current.children) walk(child, level + 1);
  };
  walk(node, 0);
  return open;
}
