/** The only colours that carry meaning: ok green, degraded amber, failing red, replayed violet. */
export type Tone = 'neutral' | 'ok' | 'degraded' | 'failing' | 'replayed';
