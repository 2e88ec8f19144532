/** Keyset cursors of the saga list: newest activity (updated_at) first, then the saga id. */
import { timeIdCursor } from '@/server/contracts/cursor';

export const sagaCursor = timeIdCursor('s1');
