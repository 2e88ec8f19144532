/**
 * Rounds an estimate in seconds to the precision it can claim, so that a countdown does not twitch
 * on every refresh: 5 s steps under 2 min, 30 s under 10 min, 1 min under 1 h, then 5 min.
 */
export function roundEstimate(seconds: number): number {
  const step = seconds < 120 ? 5 : seconds < 600 ? 30 : seconds < 3_600 ? 60 : 300;
  return Math.max(step === 5 ? 1 : step, Math.round(seconds / step) * step);
}
