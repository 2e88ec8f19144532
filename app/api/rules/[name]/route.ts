import { presentRuleAlerts } from '@/server/access/present-rule';
import { RuleAlertsQuery, RuleDetail, RuleParams } from '@/server/contracts/rules';
import { checkingCursor } from '@/server/contracts/cursor';
import { route } from '@/server/http/route';
import { ruleAlertCursor } from '@/server/queries/rules/cursor';
import { getRule } from '@/server/queries/rules/list';
import { summariseProcessors } from '@/server/queries/rules/summarise';
import { maskingRulesFor } from '@/server/services/masking';
import { readProcessorPresence } from '@/server/services/stream-processors';

export const dynamic = 'force-dynamic';

/**
 * One running rule: its definition, matches per minute and a page of its latest alerts (newest first,
 * `cursor` from the previous page), each with its key and the matched events' ids, masked for the caller.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'One rule with its matches per minute and latest alerts, paginated',
    params: RuleParams,
    query: checkingCursor(RuleAlertsQuery, ruleAlertCursor.decode),
    response: RuleDetail,
  },
  async ({ ctx, caller, params, query }) => {
    const [presence, rules] = await Promise.all([readProcessorPresence(ctx), maskingRulesFor(ctx.db)]);
    const { rule, alerts } = await getRule(ctx.db, summariseProcessors(presence), params.name, query);
    return { rule, alerts: presentRuleAlerts(caller!, rules, alerts.items), nextCursor: alerts.nextCursor };
  },
);
