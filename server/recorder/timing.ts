/** Waits the recorder's loops share. */

/** Lets timers and I/O run before continuing (the server shares this thread with HTTP and sockets). */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether `work` settled within `ms` (it keeps running either way). */
export async function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
