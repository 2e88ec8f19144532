/**
 * A streamed file download: bytes pulled from a source one chunk at a time as the client reads them
 * (the stream's queue holds one chunk), so a large download costs the server a chunk, not the file.
 */

export interface DownloadSource {
  /** Null when the bytes are produced as they go (an export): then no content-length is sent. */
  readonly sizeBytes: number | null;
  /** The next chunk, or null at the end. */
  read(): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export interface DownloadOptions {
  /** Offered to the client as the file's name; characters outside [A-Za-z0-9._-] become `_`. */
  filename: string;
  contentType: string;
  /** A client that reads nothing for this long loses its download (its source is closed). */
  idleMs: number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** Called once when the download ends, however it ends (done, cancelled, stalled, failed). */
  onEnd(outcome: 'done' | 'cancelled' | 'stalled' | 'failed', error?: unknown): void;
}

/** The client stopped reading: a download may not hold its store session for ever. */
export class DownloadStalledError extends Error {
  readonly code = 'DOWNLOAD_STALLED';
  constructor(idleMs: number) {
    super(`the client read nothing for ${idleMs} ms; download abandoned`);
    this.name = 'DownloadStalledError';
  }
}

export function downloadResponse(source: DownloadSource, options: DownloadOptions): Response {
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;
  let onAbort = (): void => {};
  const end = async (
    outcome: 'done' | 'cancelled' | 'stalled' | 'failed',
    error?: unknown,
  ): Promise<void> => {
    if (ended) return;
    ended = true;
    clearTimeout(idleTimer);
    options.signal?.removeEventListener('abort', onAbort);
    try {
      await source.close();
    } finally {
      options.onEnd(outcome, error);
    }
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          controller.error(options.signal?.reason);
          void end('cancelled');
        };
        if (options.signal?.aborted) onAbort();
        else options.signal?.addEventListener('abort', onAbort, { once: true });
      },
      async pull(controller) {
        clearTimeout(idleTimer);
        try {
          const chunk = await source.read();
          if (ended) return;
          if (!chunk) {
            controller.close();
            await end('done');
            return;
          }
          controller.enqueue(chunk);
          idleTimer = setTimeout(() => {
            const error = new DownloadStalledError(options.idleMs);
            controller.error(error);
            void end('stalled', error);
          }, options.idleMs);
        } catch (error) {
          if (ended) return;
          controller.error(error);
          await end('failed', error);
        }
      },
      cancel: () => end('cancelled'),
    },
    { highWaterMark: 1 },
  );

  const safeName = options.filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  return new Response(body, {
    headers: {
      'content-type': options.contentType,
      ...(source.sizeBytes === null ? {} : { 'content-length': String(source.sizeBytes) }),
      'content-disposition': `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(options.filename)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
