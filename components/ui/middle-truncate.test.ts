import { describe, expect, it } from 'vitest';
import { splitForMiddle } from './middle-truncate';

describe('splitForMiddle', () => {
  it('keeps the end of a long name whole', () => {
    expect(splitForMiddle('payments-worker-7f3a9c21')).toEqual({
      head: 'payments-worker-',
      tail: '7f3a9c21',
    });
  });

  it('gives a short name at least half to its head', () => {
    expect(splitForMiddle('siem')).toEqual({ head: 'si', tail: 'em' });
    expect(splitForMiddle('x')).toEqual({ head: 'x', tail: '' });
    expect(splitForMiddle('')).toEqual({ head: '', tail: '' });
  });

  it('never splits a character made of two code units', () => {
    const { head, tail } = splitForMiddle('group-🚀🚀🚀🚀🚀🚀🚀🚀🚀', 4);
    expect(tail).toBe('🚀🚀🚀🚀');
    expect(head + tail).toBe('group-🚀🚀🚀🚀🚀🚀🚀🚀🚀');
  });
});
