import { MaskingRuleInput } from '@/server/contracts/masking';
import { route } from '@/server/http/route';
import { createMaskingRule, listMaskingRules } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/** The masking rules, oldest first. */
export const GET = route({ auth: 'admin:manage', summary: 'List masking rules' }, ({ ctx }) =>
  listMaskingRules(ctx.db),
);

/** Adds a masking rule (audited); it applies to every exit within a couple of seconds. */
export const POST = route(
  { auth: 'admin:manage', summary: 'Add a masking rule', body: MaskingRuleInput },
  async ({ ctx, caller, body }) =>
    Response.json(await createMaskingRule({ db: ctx.db, caller: caller! }, body), { status: 201 }),
);
