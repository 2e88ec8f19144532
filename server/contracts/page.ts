import { z } from 'zod';

/** Every paginated list: one page of items and the opaque cursor of the next page (null on the last). */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass back as `?cursor=` with the same filters; null when there is no next page. */
    nextCursor: z.string().nullable(),
  });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
