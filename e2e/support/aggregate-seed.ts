/**
 * Seeds for the Aggregates spec: an account aggregate of a scoped type, defined and appended through
 * the SDK on a bus of the test (which stays open until the test ends, so it is the live process that
 * answers the console's history requests with the states).
 */
import type { Bus } from '@/server/bus';
import type { Seed } from './fixtures';

export interface Account {
  owner: string | null;
  balance: number;
  deposits: number[];
}

type AccountEvent =
  | { type: 'account.opened'; data: { owner: string } }
  | { type: 'account.deposited'; data: { amount: number } };

export interface SeededAggregate {
  type: string;
  id: string;
  /** The bus that defines the type: closing it leaves no live process that can fold the states. */
  owner: Bus;
}

/** Opened, then deposits of 10, 20 and 5: version 4, balance 35. */
export async function seededAccount(seed: Seed): Promise<SeededAggregate> {
  const bus = seed.bus(seed.name('ledger'));
  const type = seed.name('account');
  const accounts = bus.aggregates.define({
    type,
    initial: (): Account => ({ owner: null, balance: 0, deposits: [] }),
    apply: (state: Account, event: AccountEvent): Account =>
      event.type === 'account.opened'
        ? { ...state, owner: event.data.owner }
        : {
            ...state,
            balance: state.balance + event.data.amount,
            deposits: [...state.deposits, event.data.amount],
          },
  });
  const id = 'acc-1';
  await accounts.append(id, { type: 'account.opened', data: { owner: 'Ada' } }, { expectedVersion: 0 });
  let version = 1;
  for (const amount of [10, 20, 5]) {
    await accounts.append(id, { type: 'account.deposited', data: { amount } }, { expectedVersion: version });
    version += 1;
  }
  await bus.aggregates.announce();
  return { type, id, owner: bus };
}
