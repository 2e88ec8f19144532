import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SchemaRegistry } from '@/server/bus/schema-registry';
import { lineDiff, prepareEdit, registryValidator } from './replay-edit';

const original = {
  specversion: '1.0',
  id: 'e-1',
  source: '/shop',
  type: 'order.placed',
  correlationid: 'c-1',
  data: { total: 10, card: 'pan-old' },
};
const edit = (change: Record<string, unknown>) => JSON.stringify({ ...original, ...change });

describe('edited replays', () => {
  it('refuses what is not JSON or not a CloudEvents envelope, saying where', () => {
    expect(prepareEdit(JSON.stringify(original), '{', undefined)).toMatchObject({
      valid: false,
      event: null,
    });
    const wrong = prepareEdit(JSON.stringify(original), edit({ specversion: '0.3' }), undefined);
    expect(wrong.errors).toEqual([expect.stringMatching(/^specversion: /)]);
  });

  it('makes a new event caused by the original, in the same correlation', () => {
    const out = prepareEdit(
      JSON.stringify(original),
      edit({ data: { total: 12, card: 'pan-old' }, correlationid: 'x' }),
      undefined,
    );
    expect(out.valid).toBe(true);
    const event = JSON.parse(out.event!) as Record<string, unknown>;
    expect(event.id).not.toBe('e-1');
    expect(event).toMatchObject({ causationid: 'e-1', correlationid: 'c-1', data: { total: 12 } });
    expect(out.eventId).toBe(event.id);
  });

  it('checks data against a registered schema', () => {
    const schemas = new SchemaRegistry().register('order.placed', 1, z.object({ total: z.number() }));
    const out = prepareEdit(
      JSON.stringify(original),
      edit({ data: { total: 'ten' } }),
      registryValidator(schemas),
    );
    expect(out).toMatchObject({ valid: false, errors: [expect.stringMatching(/^data: /)] });
  });

  it('diffs what the viewer may see: masked values stay masked on both sides', () => {
    const out = prepareEdit(
      JSON.stringify(original),
      edit({ data: { total: 12, card: 'pan-new' } }),
      undefined,
      (_type, _s, data) => ({ ...(data as object), card: '***' }),
    );
    // not digits: a new event's uuid held '4111' once, failing this by chance
    expect(out.diff.join('\n')).not.toMatch(/pan-old|pan-new/);
    expect(out.diff).toContain('-     "total": 10,');
    expect(out.diff).toContain('+     "total": 12,');
  });

  it('diffs lines by longest common subsequence', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual(['  a', '- b', '+ x', '  c']);
  });
});
