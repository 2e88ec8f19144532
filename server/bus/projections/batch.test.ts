import { describe, expect, it } from 'vitest';
import { mergeReads, type TopicRead } from './batch';

const read = (topic: string, ids: string[], full: boolean): TopicRead => ({
  topic,
  entries: ids.map((id) => [id, ['event', id]]),
  full,
});

describe('mergeReads', () => {
  it('orders entries across topics by entry id', () => {
    const batch = mergeReads([read('a', ['1-0', '3-0', '5-1'], false), read('b', ['2-0', '5-0'], false)]);
    expect(batch.entries.map((e) => `${e.topic}:${e.entryId}`)).toEqual([
      'a:1-0',
      'b:2-0',
      'a:3-0',
      'b:5-0',
      'a:5-1',
    ]);
    expect(batch.more).toBe(false);
    expect(batch.taken.get('a')).toEqual({ last: '5-1', count: 3 });
  });

  it('leaves entries past the smallest last id of a full read for the next batch', () => {
    // 'a' may hold entries between 4-0 and 9-0 that it did not return: 'b' must not run ahead
    const batch = mergeReads([read('a', ['1-0', '4-0'], true), read('b', ['2-0', '9-0', '10-0'], false)]);
    expect(batch.entries.map((e) => e.entryId)).toEqual(['1-0', '2-0', '4-0']);
    expect(batch.taken.get('b')).toEqual({ last: '2-0', count: 1 });
    expect(batch.more).toBe(true);
  });

  it('compares sequence numbers and long millisecond parts numerically', () => {
    const batch = mergeReads([
      read('a', ['999-0', '1700000000000-10'], false),
      read('b', ['1700000000000-9'], false),
    ]);
    expect(batch.entries.map((e) => e.entryId)).toEqual(['999-0', '1700000000000-9', '1700000000000-10']);
  });
});
