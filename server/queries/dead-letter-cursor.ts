/** Keyset cursors of the dead-letter list: newest last failure first, then the letter's id. */
import { timeIdCursor } from '@/server/contracts/cursor';

export const deadLetterCursor = timeIdCursor('d1');
