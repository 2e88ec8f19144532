import { UnrecoverableError, type Subscription } from '@/server/bus';
import { consumers } from './consumers';
import type { DemoContext } from './context';
import { homeCountryOf, lookupAsset, lookupFile, lookupPeer, lookupPeerAsset } from './lookups';
import { GROUPS, SERVICES, TOPICS } from './names';
import type { Enrichment, ValidatedSignal } from './schemas';
import { concurrencyFor, sleep } from './timing';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Adds context from (simulated) GeoIP, CMDB and threat intelligence. The lookups fail now and then
 * (retried); a file event whose hash is not a SHA-256 can never be enriched and is unrecoverable.
 */
export function startEnrich(ctx: DemoContext): Subscription[] {
  const bus = ctx.bus(SERVICES.enrich);
  const sub = consumers<ValidatedSignal>(
    bus,
    GROUPS.enrich,
    TOPICS.validated,
    async (event, delivery) => {
      const signal = event.data;
      if (signal.kind === 'file' && !SHA256.test(signal.file.sha256)) {
        const length = signal.file.sha256.length;
        throw new UnrecoverableError(
          `sha256 holds ${length} characters${length === 40 ? ' (a SHA-1?)' : ''}; expected 64 hex digits from sensor "${signal.file.sensor}"`,
        );
      }
      ctx.failures.transient('enrich', delivery);
      await sleep(ctx.dice.int(1, 8), delivery.signal);
      const enrichment = enrich(signal);
      await bus.publish(TOPICS.enriched, {
        type: 'signal.enriched',
        subject: signal.host,
        data: { signal, enrichment },
      });
    },
    { concurrency: concurrencyFor(ctx.ratePerSec, 0.02) },
  );
  return sub;
}

function enrich(signal: ValidatedSignal): Enrichment {
  const base: Enrichment = {
    asset: lookupAsset(signal.host),
    peer: null,
    peerAsset: null,
    file: null,
    homeCountry: null,
  };
  switch (signal.kind) {
    case 'login':
      return {
        ...base,
        peer: lookupPeer(signal.login.sourceIp),
        peerAsset: lookupPeerAsset(signal.login.sourceIp),
        homeCountry: homeCountryOf(signal.login.user.name),
      };
    case 'flow':
      return {
        ...base,
        peer: lookupPeer(signal.flow.destIp),
        peerAsset: lookupPeerAsset(signal.flow.destIp),
      };
    case 'file':
      return { ...base, file: lookupFile(signal.file.sha256), homeCountry: homeCountryOf(signal.file.user) };
  }
}
