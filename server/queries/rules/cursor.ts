/** Keyset cursors of a rule's alerts: newest event time first, then the event id. Browser-safe. */
import { timeIdCursor } from '@/server/contracts/cursor';

export const ruleAlertCursor = timeIdCursor('ra1');
