import { MaskingRuleParams } from '@/server/contracts/masking';
import { route } from '@/server/http/route';
import { deleteMaskingRule } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/** Removes a masking rule (audited). */
export const DELETE = route(
  { auth: 'admin:manage', summary: 'Remove a masking rule', params: MaskingRuleParams },
  async ({ ctx, caller, params }) => {
    await deleteMaskingRule({ db: ctx.db, caller: caller! }, params.id);
    return new Response(null, { status: 204 });
  },
);
