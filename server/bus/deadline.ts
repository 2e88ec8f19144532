/**
 * Bounded waits: the one way the bus, the recorder, the live layer and the services wait for work that
 * may never settle (a Redis that stopped answering, handlers that hang). Nothing here cancels `work`;
 * it only stops waiting for it, and never leaves a timer or a listener behind.
 */

/** `work`, unless `ms` pass first: then what `onTimeout` returns (or throws). */
export function withDeadline<T, U = never>(
  work: PromiseLike<T>,
  ms: number,
  onTimeout: () => U | PromiseLike<U>,
): Promise<T | U> {
  return new Promise<T | U>((resolve, reject) => {
    const timer = setTimeout(() => settleWith(onTimeout, resolve, reject), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * `work`, unless `signal` aborts first: then what `onAbort` returns (or throws). For reads a stop must
 * not wait for: a command queued on a connection that is being closed may never settle.
 */
export function untilAborted<T, U = never>(
  work: PromiseLike<T>,
  signal: AbortSignal,
  onAbort: () => U | PromiseLike<U>,
): Promise<T | U> {
  if (signal.aborted) return Promise.resolve().then(onAbort);
  return new Promise<T | U>((resolve, reject) => {
    const abort = (): void => settleWith(onAbort, resolve, reject);
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

function settleWith<U>(
  fallback: () => U | PromiseLike<U>,
  resolve: (value: U | PromiseLike<U>) => void,
  reject: (error: unknown) => void,
): void {
  try {
    resolve(fallback());
  } catch (error) {
    reject(error);
  }
}
