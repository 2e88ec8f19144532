import { Me } from '@/server/contracts/access';
import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** Who this browser or token is signed in as. */
export const GET = route(
  { auth: 'metadata:read', summary: 'The signed-in principal', response: Me },
  async ({ caller }): Promise<Me> => ({
    kind: caller!.kind,
    userId: caller!.userId,
    name: caller!.name,
    role: caller!.role,
    demo: caller!.kind === 'demo',
  }),
);
