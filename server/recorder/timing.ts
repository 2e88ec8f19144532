/** Lets timers and I/O run before continuing (the server shares this thread with HTTP and sockets). */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
