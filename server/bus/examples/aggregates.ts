/**
 * An event-sourced bank account: commands validated with zod, decided on the loaded state, appended
 * with a version check and published on the `account` topic for subscribers and projections.
 * Run: npx tsx server/bus/examples/aggregates.ts   (Redis on REDIS_URL or 127.0.0.1:6379)
 */
import { z } from 'zod';
import { CommandValidationError, ConcurrencyError, createBus, createRedis, waitForReady } from '@/server/bus';

type Account = { balance: number; open: boolean };
type AccountEvent =
  | { type: 'account.opened'; data: { owner: string } }
  | { type: 'account.deposited'; data: { amount: number } }
  | { type: 'account.withdrawn'; data: { amount: number } };

export async function aggregates(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = createRedis(redisUrl);
  await waitForReady(redis, 5_000); // the SDK's connections fail fast while connecting
  const bus = createBus({ redis, service: 'bank', prefix, telemetry: false });
  const log: string[] = [];

  const accounts = bus.aggregates.define({
    type: 'account', // events go to the topic `account` (option `topic`)
    initial: { balance: 0, open: false } as Account,
    apply: (state: Account, event: AccountEvent): Account => {
      switch (event.type) {
        case 'account.opened':
          return { ...state, open: true };
        case 'account.deposited':
          return { ...state, balance: state.balance + event.data.amount };
        case 'account.withdrawn':
          return { ...state, balance: state.balance - event.data.amount };
      }
    },
    snapshotEvery: 50,
    commands: {
      'account.open': {
        schema: z.object({ owner: z.string().min(1) }),
        handle: (state, input) => (state.open ? [] : { type: 'account.opened', data: input }),
      },
      'account.deposit': {
        schema: z.object({ amount: z.number().positive() }),
        handle: (_state, input) => ({ type: 'account.deposited', data: input }),
      },
      'account.withdraw': {
        schema: z.object({ amount: z.number().positive() }),
        handle: (state, input) => {
          if (state.balance < input.amount) throw new Error(`insufficient funds: ${state.balance}`);
          return { type: 'account.withdrawn', data: input };
        },
      },
    },
  });

  await accounts.execute('acc-1', 'account.open', { owner: 'ada' });
  await accounts.execute('acc-1', 'account.deposit', { amount: 100 });
  // untyped commands (from an HTTP body, a topic) are routed by their type
  const done = await bus.aggregates.dispatch({
    type: 'account.withdraw',
    aggregateId: 'acc-1',
    data: { amount: 30 },
  });
  log.push(`version ${done.version}, balance ${(done.state as Account).balance}`);

  try {
    await accounts.execute('acc-1', 'account.deposit', { amount: -5 });
  } catch (error) {
    if (error instanceof CommandValidationError) log.push(`invalid: ${error.fields.join(', ')}`);
  }

  // optimistic concurrency: an append at a version that moved is refused, nothing written
  const { version } = await accounts.load('acc-1');
  await accounts.append(
    'acc-1',
    { type: 'account.deposited', data: { amount: 1 } },
    { expectedVersion: version },
  );
  try {
    await accounts.append(
      'acc-1',
      { type: 'account.deposited', data: { amount: 1 } },
      { expectedVersion: version },
    );
  } catch (error) {
    if (error instanceof ConcurrencyError)
      log.push(`conflict: at ${error.actualVersion}, not ${error.expectedVersion}`);
  }

  // every event is also on the topic, subject = aggregate id
  const topic = await redis.xlen(bus.keys.stream('account'));
  log.push(`${topic} events on the account topic`);
  await bus.close();
  redis.disconnect();
  return log;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = await aggregates(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', `example-${process.pid}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
