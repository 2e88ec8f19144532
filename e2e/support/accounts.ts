import type { E2eAccount } from '@/server/testing/accounts';

/**
 * The e2e server's accounts: the admin comes from EVENTLENS_ADMIN_* (the documented bootstrap), the
 * viewer, an operator and a second admin are added beside it by serve.ts. Every spec runs signed in as the admin (auth.setup.ts).
 */
export const E2E_ADMIN = {
  email: 'admin@e2e.eventlens.test',
  password: 'e2e-admin-password',
  role: 'admin',
} as const satisfies E2eAccount;
export const E2E_VIEWER = {
  email: 'viewer@e2e.eventlens.test',
  password: 'e2e-viewer-password',
  role: 'viewer',
} as const satisfies E2eAccount;

/** Acts on what operators act on (saga actions, sagas.spec.ts), and no more. */
export const E2E_OPERATOR = {
  email: 'operator@e2e.eventlens.test',
  password: 'e2e-operator-password',
  role: 'operator',
} as const satisfies E2eAccount;

/** A second admin: approves what the first one asks for (four-eyes replays, dead-letters.spec.ts). */
export const E2E_APPROVER = {
  email: 'approver@e2e.eventlens.test',
  password: 'e2e-approver-password',
  role: 'admin',
} as const satisfies E2eAccount;

/** Where auth.setup.ts keeps the admin's signed-in browser state for every other spec. */
export const ADMIN_STATE = 'test-results/.auth/admin.json';
