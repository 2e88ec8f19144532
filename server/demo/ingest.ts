import { buildEnvelope, type PublishInput } from '@/server/bus';
import type { DemoContext, Producer } from './context';
import { FOREIGN_WRITER, SERVICES, TOPIC_MAXLEN, TOPICS } from './names';
import type { Dice } from './random';
import type { LoginAttempt } from './schemas';
import { SignalFactory } from './signals';

/** Failed logins in one burst: more than the failed-login rule's 5 (stream-processors.ts). */
export const BURST_SIZE = 6;
/** A burst starts this long after the demo does, then every so often: the rule fires within a minute. */
const FIRST_BURST_MS = [1_000, 3_000] as const;
const BURST_EVERY_MS = [20_000, 60_000] as const;

/**
 * The sensor gateway: logins, flows and file hashes onto `threat.signals`, one batch per tick. A
 * small share (failure injection) arrives broken: SHA-1s in the SHA-256 field (enrichment rejects them
 * as unrecoverable), and entries the syslog relay writes around the SDK that nobody can decode. Now
 * and then a password-guessing burst on one account, sent within the usual budget (so rates hold).
 */
export function startIngest(ctx: DemoContext): Producer {
  const bus = ctx.bus(SERVICES.ingest);
  const factory = new SignalFactory(ctx.dice);
  const stream = bus.keys.stream(TOPICS.signals);
  const burst: LoginAttempt[] = [];
  let nextBurstAt = Date.now() + ctx.dice.between(...FIRST_BURST_MS);

  const signal = (): PublishInput => {
    const kind = ctx.dice.weighted({ login: 45, flow: 35, file: 20 });
    if (kind === 'login') {
      const data = factory.login();
      return { type: 'security.login.attempted', subject: data.host, data };
    }
    if (kind === 'flow') {
      const data = factory.flow();
      return { type: 'network.flow.observed', subject: data.host, data };
    }
    const data = factory.file(ctx.failures.poison(0.3));
    return { type: 'file.hash.observed', subject: data.host, data };
  };

  return {
    async emit(count) {
      const inputs: PublishInput[] = [];
      const junk: string[][] = [];
      if (Date.now() >= nextBurstAt) {
        burst.push(...factory.loginBurst(BURST_SIZE));
        nextBurstAt = Date.now() + ctx.dice.between(...BURST_EVERY_MS);
      }
      for (let i = 0; i < count; i++) {
        const guess = burst.shift();
        if (guess) inputs.push({ type: 'security.login.attempted', subject: guess.host, data: guess });
        else if (ctx.failures.poison(0.15)) junk.push(foreignEntry(ctx.dice));
        else inputs.push(signal());
      }
      const writes: Promise<unknown>[] = [bus.publishBatch(TOPICS.signals, inputs)];
      if (junk.length > 0) {
        const pipeline = ctx.redis.pipeline();
        for (const fields of junk) pipeline.xadd(stream, 'MAXLEN', '~', String(TOPIC_MAXLEN), '*', ...fields);
        writes.push(pipeline.exec());
      }
      await Promise.all(writes);
    },
  };
}

/** What a misconfigured syslog relay writes: a raw RFC 5424 line, or an envelope cut at its line limit. */
function foreignEntry(dice: Dice): string[] {
  if (dice.chance(0.5)) {
    const host = dice.pick(['fw-edge-01', 'fw-edge-02', 'sw-core-01']);
    const line = `<134>1 ${new Date().toISOString()} ${host} filterlog ${dice.int(1000, 99999)} - - 5,,,1000000103,igb0,match,block,in,4,0x0,,64,0,0,DF,6,tcp,60,203.0.113.${dice.int(1, 254)},10.0.0.5,${dice.int(1024, 65535)},443,0,S`;
    return ['message', line, 'host', host, 'facility', 'local0'];
  }
  const envelope = buildEnvelope(
    `/relays/${FOREIGN_WRITER}`,
    {
      type: 'security.login.attempted',
      data: { user: { name: 'j.doe', domain: 'CORP' }, sourceIp: '198.51.100.23', host: 'vpn-gw-01' },
    },
    undefined,
  );
  const json = JSON.stringify(envelope);
  return ['event', json.slice(0, Math.floor(json.length * dice.between(0.4, 0.9)))];
}
