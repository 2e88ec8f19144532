import { ROLES, type Role } from '@/server/contracts/access';

const DESCRIPTIONS: Record<Role, string> = {
  viewer: 'topology, metrics and metadata; payloads masked',
  analyst: 'payloads, subject to masking rules',
  operator: 'replay and discard dead letters, saga actions',
  admin: 'users, roles, everyone’s tokens, masking rules',
};

/** The roles a token may carry for an owner with `role`: the owner's own and those below it. */
export const rolesUpTo = (role: Role): Role[] => ROLES.slice(0, ROLES.indexOf(role) + 1);

export const describeRole = (role: Role): string => DESCRIPTIONS[role];

export const isAdmin = (role: Role | undefined): boolean => role === 'admin';
