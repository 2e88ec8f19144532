import { describe, expect, it } from 'vitest';
import { downloadResponse, DownloadStalledError, type DownloadSource } from './download';

/** A source of `count` chunks that records what was asked of it. */
function source(count: number): DownloadSource & { reads: number; closed: number } {
  let sent = 0;
  return {
    sizeBytes: count * 3,
    reads: 0,
    closed: 0,
    async read() {
      this.reads += 1;
      return sent < count ? new Uint8Array([sent++, 0, 0]) : null;
    },
    async close() {
      this.closed += 1;
    },
  };
}

function ends() {
  const seen: { outcome: string; error?: unknown }[] = [];
  return { seen, onEnd: (outcome: string, error?: unknown) => void seen.push({ outcome, error }) };
}

describe('downloadResponse', () => {
  it('streams every chunk with the headers of an attachment, then closes its source once', async () => {
    const from = source(5);
    const { seen, onEnd } = ends();
    const response = downloadResponse(from, {
      filename: 'data-a/b "c".json',
      contentType: 'application/json',
      idleMs: 1_000,
      onEnd,
    });
    expect(response.headers.get('content-length')).toBe('15');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="data-a_b__c_.json"; filename*=UTF-8''data-a%2Fb%20%22c%22.json`,
    );
    expect(new Uint8Array(await response.arrayBuffer())).toHaveLength(15);
    expect(from.closed).toBe(1);
    expect(seen).toEqual([{ outcome: 'done' }]);
  });

  it('reads ahead by one chunk only', async () => {
    const from = source(100);
    const response = downloadResponse(from, {
      filename: 'x',
      contentType: 'application/json',
      idleMs: 1_000,
      onEnd: () => {},
    });
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    expect(from.reads).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(from.closed).toBe(1);
  });

  it('gives up on a client that stops reading, and on one that goes away', async () => {
    const stalled = source(100);
    const first = ends();
    const response = downloadResponse(stalled, {
      filename: 'x',
      contentType: 'application/json',
      idleMs: 30,
      onEnd: first.onEnd,
    });
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 100));
    expect(stalled.closed).toBe(1);
    expect(first.seen[0]?.outcome).toBe('stalled');
    expect(first.seen[0]?.error).toBeInstanceOf(DownloadStalledError);
    await expect(reader.read()).rejects.toBeInstanceOf(DownloadStalledError);

    const gone = source(100);
    const second = ends();
    const abort = new AbortController();
    const body = downloadResponse(gone, {
      filename: 'x',
      contentType: 'application/json',
      idleMs: 10_000,
      signal: abort.signal,
      onEnd: second.onEnd,
    }).body!.getReader();
    await body.read();
    abort.abort();
    await new Promise((r) => setTimeout(r, 10));
    expect(gone.closed).toBe(1);
    expect(second.seen).toEqual([{ outcome: 'cancelled' }]);
  });
});
