/**
 * A host's risk score as an event-sourced aggregate (`host-risk`, one per host): each alert is a
 * `host-risk.raise` command whose event carries the decayed score before and after, so `apply` stays
 * pure and the console can replay it version by version. Two alerts for one host handled at once race
 * on the version check: one append wins, the other is a conflict and decides again (retryOnConflict).
 */
import { z } from 'zod';
import type { Bus } from '@/server/bus';

const BANDS = ['low', 'medium', 'high', 'critical'] as const;
type Band = (typeof BANDS)[number];

export const HOST_RISK_TYPE = 'host-risk';
const HALF_LIFE_MS = 120_000;
/** Alerts remembered per host, to recognise a redelivered one (its command decides nothing). */
const RECENT_ALERTS = 5;
/** A snapshot every N events: a busy host's load never folds a long history. */
export const HOST_RISK_SNAPSHOT_EVERY = 10;

export const RaiseRisk = z.object({
  alertId: z.string(),
  severity: z.enum(BANDS),
  points: z.number().positive(),
  /** Event time in ms: the decay is computed from it, not from the clock of whoever folds. */
  at: z.number(),
});
export type RaiseRisk = z.infer<typeof RaiseRisk>;

export const HostRiskRaised = z.object({
  alertId: z.string(),
  severity: z.enum(BANDS),
  points: z.number(),
  at: z.number(),
  scoreBefore: z.number(),
  score: z.number(),
  band: z.enum(BANDS),
});
export type HostRiskRaised = z.infer<typeof HostRiskRaised>;

export interface HostRisk {
  score: number;
  band: Band;
  /** Event time of the last raise (ms), the start of the decay. */
  at: number;
  alerts: number;
  recentAlerts: string[];
}

type HostRiskEvent = { type: 'host-risk.raised'; data: HostRiskRaised };

export function bandOf(score: number): Band {
  if (score >= 75) return 'critical';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}

const round = (score: number): number => Math.round(score * 10) / 10;

/** The score decayed (half-life) from the last raise to `at`. */
export function decayed(state: HostRisk, at: number): number {
  return state.alerts === 0 ? 0 : state.score * 0.5 ** (Math.max(0, at - state.at) / HALF_LIFE_MS);
}

export const hostRiskSpec = () => ({
  type: HOST_RISK_TYPE,
  initial: (): HostRisk => ({ score: 0, band: 'low', at: 0, alerts: 0, recentAlerts: [] }),
  apply: (state: HostRisk, event: HostRiskEvent): HostRisk => ({
    score: event.data.score,
    band: event.data.band,
    at: event.data.at,
    alerts: state.alerts + 1,
    recentAlerts: [...state.recentAlerts, event.data.alertId].slice(-RECENT_ALERTS),
  }),
  snapshotEvery: HOST_RISK_SNAPSHOT_EVERY,
  commands: {
    'host-risk.raise': {
      schema: RaiseRisk,
      handle: (state: HostRisk, input: RaiseRisk) => {
        if (state.recentAlerts.includes(input.alertId)) return [];
        const scoreBefore = round(decayed(state, input.at));
        const score = round(Math.min(100, scoreBefore + input.points));
        return {
          type: 'host-risk.raised' as const,
          data: { ...input, scoreBefore, score, band: bandOf(score) } satisfies HostRiskRaised,
        };
      },
    },
  },
});

export function defineHostRisk(bus: Bus) {
  return bus.aggregates.define(hostRiskSpec());
}
