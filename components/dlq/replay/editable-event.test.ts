import { describe, expect, it } from 'vitest';
import { editableEvent } from './editable-event';

describe('editableEvent', () => {
  it('puts the data back into the envelope as pretty JSON', () => {
    const text = editableEvent({
      envelope: { id: 'e1', type: 'order.placed' },
      data: { text: '{"n":1}', sizeBytes: 7, truncated: false },
    });
    expect(JSON.parse(text)).toEqual({ id: 'e1', type: 'order.placed', data: { n: 1 } });
  });

  it('keeps a cut preview as text, and gives nothing for a foreign entry', () => {
    const text = editableEvent({
      envelope: { id: 'e1' },
      data: { text: '{"n":', sizeBytes: 9_000_000, truncated: true },
    });
    expect(JSON.parse(text)).toEqual({ id: 'e1', data: '{"n":' });
    expect(editableEvent({ envelope: null, data: null })).toBe('');
  });
});
