'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { ROLES, type Me, type Role } from '@/server/contracts/access';

/** Who the console is signed in as, read once by the console's layout on the server. */
export type SignedIn = Pick<Me, 'kind' | 'name' | 'role'>;

const PrincipalContext = createContext<SignedIn | null>(null);

export function PrincipalProvider({ principal, children }: { principal: SignedIn; children: ReactNode }) {
  return <PrincipalContext.Provider value={principal}>{children}</PrincipalContext.Provider>;
}

/** The signed-in principal; null outside the console (sign-in and setup pages). */
export const usePrincipal = (): SignedIn | null => useContext(PrincipalContext);

/**
 * Whether the signed-in role is at least `least` (ROLES is ordered). The UI hides what a role cannot
 * do with this; the server refuses it regardless.
 */
export function useRoleAtLeast(least: Role): boolean {
  const principal = usePrincipal();
  return principal !== null && ROLES.indexOf(principal.role) >= ROLES.indexOf(least);
}
