import type { Db } from '@/db/client';
import type { ProcessorSummary, RuleAlertsQuery, RuleSummary } from '@/server/contracts/rules';
import { RuleNotFoundError } from '../errors';
import { listRuleAlerts, type StoredAlertPage } from './alerts';
import { ruleMatches, type RuleTarget } from './matches';

type RuleProcessor = ProcessorSummary & { kind: RuleSummary['kind'] };

const isRule = (p: ProcessorSummary): p is RuleProcessor => p.kind === 'count' || p.kind === 'absence';

/** Where the rule's alerts go; the SDK's default alert type is `<name>.alert`. */
const targetOf = (p: RuleProcessor): RuleTarget => ({
  name: p.name,
  output: p.output,
  alertType: p.outputType ?? `${p.name}.alert`,
});

/** The running rules (count and absence processors) with their matches over the last hour. */
export async function getRules(
  db: Db,
  processors: readonly ProcessorSummary[],
  now = new Date(),
): Promise<RuleSummary[]> {
  const rules = processors.filter(isRule);
  const matches = await ruleMatches(db, rules.map(targetOf), now);
  return rules.map((p) => {
    const m = matches.get(p.name);
    return {
      ...p,
      alertType: targetOf(p).alertType,
      matchesPerMinute: m?.perMinute ?? [],
      matchesLastHour: m?.total ?? 0,
      lastMatchAt: m?.last ?? null,
    };
  });
}

/** One rule with a page of its stored alerts (unmasked: the route presents them). */
export async function getRule(
  db: Db,
  processors: readonly ProcessorSummary[],
  name: string,
  query: RuleAlertsQuery,
  now = new Date(),
): Promise<{ rule: RuleSummary; alerts: StoredAlertPage }> {
  const processor = processors.find((p) => p.name === name);
  if (!processor || !isRule(processor)) throw new RuleNotFoundError(name);
  const [rules, alerts] = await Promise.all([
    getRules(db, [processor], now),
    listRuleAlerts(db, targetOf(processor), query),
  ]);
  return { rule: rules[0]!, alerts };
}
