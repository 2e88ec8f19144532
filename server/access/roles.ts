/**
 * Roles and what they may do. Each role includes the one below it; a permission names the least role
 * that holds it. Enforced on the server for every route and socket event; the UI only mirrors it.
 */
import { ROLES, type Role } from '@/server/contracts/access';

export { ROLES, type Role };

export const PERMISSIONS = {
  /** Topology, metrics, stream and group metadata, event metadata (payloads masked). */
  'metadata:read': 'viewer',
  /** Event payloads, subject to the masking rules. */
  'payload:read': 'analyst',
  /** Replay and discard dead letters, saga retry/compensate/abort. */
  'events:act': 'operator',
  /** Own API tokens and own sessions. */
  'self:manage': 'viewer',
  /** Users, roles, everyone's tokens and sessions, masking rules, approvals. */
  'admin:manage': 'admin',
  /** The audit log. */
  'audit:read': 'admin',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, operator: 2, admin: 3 };

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Whether `role` is at least `least`. */
export const atLeast = (role: Role, least: Role): boolean => RANK[role] >= RANK[least];

export const can = (role: Role, permission: Permission): boolean => atLeast(role, PERMISSIONS[permission]);

/** The lower of two roles: a token never carries more than its owner has now. */
export const lowerRole = (a: Role, b: Role): Role => (RANK[a] <= RANK[b] ? a : b);
