import { defineProjection, type Model, type ProjectionDefinition } from '@/server/bus';
import type { DemoContext } from './context';
import { SERVICES, TOPICS } from './names';
import type { InvestigationEvents } from './schemas';

export const OPEN_INVESTIGATIONS = 'open-investigations-by-severity';

type CaseEvent = { data: Pick<InvestigationEvents['investigation.opened'], 'case'> };

/**
 * The case board's read model: investigations open now, by severity, built from the investigation
 * saga's facts on `investigations` (investigation-saga.ts). An opened case counts +1 in its
 * severity; resolving or cancelling it (the saga's compensation) counts -1. Counters only, so a
 * batch commits a handful of summed increments however many cases it holds. `totals` keeps how many
 * were opened, resolved and cancelled, which the open counts must agree with.
 *
 * `name` and `topic` default to the demo's; the e2e specs build it under their own scope.
 */
export function openInvestigationsProjection(
  options: { name?: string; topic?: string } = {},
): ProjectionDefinition {
  const count = (model: Model, event: CaseEvent, by: 1 | -1, outcome: string) => {
    model.hincr('open-by-severity', event.data.case.severity, by);
    model.hincr('totals', outcome);
  };
  return defineProjection({
    name: options.name ?? OPEN_INVESTIGATIONS,
    topics: [options.topic ?? TOPICS.investigations],
    handlers: {
      'investigation.opened': (event: CaseEvent, model: Model) => count(model, event, 1, 'opened'),
      'investigation.resolved': (event: CaseEvent, model: Model) => count(model, event, -1, 'resolved'),
      'investigation.cancelled': (event: CaseEvent, model: Model) => count(model, event, -1, 'cancelled'),
    },
  });
}

/** Runs the case board's projection on a bus of its own, as a reporting service would. */
export function startCaseBoard(ctx: Pick<DemoContext, 'bus'>): Promise<void> {
  return ctx.bus(SERVICES.caseBoard).projections.register(openInvestigationsProjection());
}
