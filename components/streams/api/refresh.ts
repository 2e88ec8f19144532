/**
 * How often the streams page re-reads Redis. There is no socket room for streams and groups: both
 * answers are a few XINFO / XPENDING calls, cheap enough to poll. React Query pauses the interval while
 * the tab is hidden (refetchIntervalInBackground is off by default).
 */
export const STREAMS_REFRESH_MS = 3_000;
