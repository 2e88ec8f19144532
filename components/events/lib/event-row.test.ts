import { describe, expect, it } from 'vitest';
import type { EventListItem } from '@/server/contracts/events';
import { oneLine, rowFromListItem, rowFromLive, shortId } from './event-row';

const ITEM: EventListItem = {
  id: '01a203e2-29f5-7011-9138-d4b65b9ff3a0',
  source: '/services/enrich',
  time: '2026-11-22T15:31:23.253Z',
  topic: 'threat.enriched',
  stream: 'evlookev:{threat.enriched}:stream',
  entryId: '1795361483253-0',
  type: 'signal.enriched',
  subject: 'bastion-01',
  correlationId: '01a203e2-29e5-7037-aef3-9588b4a61fee',
  causationId: '01a203e2-29e9-702f-bf3c-c212bdd203e6',
  foreign: false,
  decodeFailed: false,
  sizeBytes: 1207,
  preview: '{"signal": {"host": "bastion-01",\n  "kind": "login"}}',
  previewTruncated: false,
  sensitivity: null,
};

describe('rows', () => {
  it('maps a history item', () => {
    expect(rowFromListItem(ITEM)).toEqual({
      key: '/services/enrich\u000001a203e2-29f5-7011-9138-d4b65b9ff3a0',
      id: ITEM.id,
      time: ITEM.time,
      topic: 'threat.enriched',
      type: 'signal.enriched',
      source: '/services/enrich',
      correlationId: ITEM.correlationId,
      preview: '{"signal": {"host": "bastion-01", "kind": "login"}}',
      foreign: null,
    });
    expect(rowFromListItem({ ...ITEM, decodeFailed: true, foreign: true }).foreign).toBe(
      'could not be decoded',
    );
    expect(rowFromListItem({ ...ITEM, preview: '{"a": "bc', previewTruncated: true }).preview).toBe(
      '{"a": "bc…',
    );
  });

  it('maps a live foreign entry, which has no id, type or source', () => {
    const row = rowFromLive(
      {
        topic: 'threat.signals',
        entryId: '1795361483300-0',
        time: '2026-11-22T15:31:23.300Z',
        preview: '{"host":"ws-eng-014","msg":"sshd[811]: Failed password"}',
        truncated: false,
        sizeBytes: 57,
        foreign: 'no "event" field',
      },
      'threat.signals/1795361483300-0',
    );
    expect(row).toMatchObject({ id: null, type: null, source: null, correlationId: null });
    expect(row.foreign).toBe('no "event" field');
  });
});

describe('text helpers', () => {
  it('collapses whitespace', () => {
    expect(oneLine('  a\n\t b  ')).toBe('a b');
  });

  it('keeps the distinctive end of an id', () => {
    expect(shortId('01a203e2-29e5-7037-aef3-9588b4a61fee')).toBe('…9588b4a61fee');
    expect(shortId('short-id')).toBe('short-id');
  });
});
