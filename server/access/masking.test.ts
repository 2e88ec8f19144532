import { describe, expect, it } from 'vitest';
import { parsePath } from '@/server/contracts/json-condition';
import { conditionTouches, maskAtPath, parseMaskPath } from './mask-path';
import {
  conditionRefusal,
  maskPayload,
  maskPlan,
  maskPreviewText,
  typeMatches,
  type MaskRule,
} from './masking';
import type { LiveEvent } from '@/server/contracts/live';
import { presentLiveEvent } from './present-event';

const DATA = {
  card: { number: '4111-CANARY', expiry: '12/29' },
  customer: { email: 'a@example.com', name: 'Ann' },
  items: [
    { sku: 'x', iban: 'DE00CANARY' },
    { sku: 'y', iban: 'DE01' },
  ],
  amount: 12,
};
const RULES: MaskRule[] = [
  { eventType: 'payment.*', path: '$.card.number', revealTo: 'admin' },
  { eventType: '*', path: '$..email', revealTo: 'operator' },
  { eventType: 'payment.captured', path: '$.items[*].iban', revealTo: 'operator' },
];

describe('mask paths', () => {
  it('parses the supported subset and refuses the rest', () => {
    expect(parseMaskPath('$.card.number')).toHaveLength(2);
    expect(parseMaskPath('$..email')[0]).toEqual({ deep: true, selector: { kind: 'key', key: 'email' } });
    expect(parseMaskPath(`$["e-mail"][0].*`)).toHaveLength(3);
    expect(parseMaskPath('card.number')).toHaveLength(2);
    expect(() => parseMaskPath('$')).toThrow(/names nothing/);
    expect(() => parseMaskPath('$.a[?(@.b)]')).toThrow();
    expect(() => parseMaskPath('$.a[')).toThrow(/unclosed/);
  });

  it('masks every match, at any depth with ..', () => {
    const out = maskAtPath({ a: { email: 'x', b: [{ email: 'y' }] }, email: 'z' }, parseMaskPath('$..email'));
    expect(out).toEqual({ hit: true, value: { a: { email: '***', b: [{ email: '***' }] }, email: '***' } });
    expect(maskAtPath({ a: 1 }, parseMaskPath('$.b')).hit).toBe(false);
  });
});

describe('maskPayload', () => {
  it('viewers get keys without values', () => {
    const out = maskPayload('viewer', RULES, 'order.placed', null, DATA);
    expect(JSON.stringify(out.data)).not.toMatch(/CANARY|Ann|12/);
    expect(out.data).toMatchObject({ card: { number: '***' }, items: [{ sku: '***' }, { sku: '***' }] });
    expect(out.masked).toEqual({ all: true, reason: 'role', paths: [] });
  });

  it('analysts get rule paths masked; operators see what is revealed to them; admins see all', () => {
    const analyst = maskPayload('analyst', RULES, 'payment.captured', null, DATA);
    expect(analyst.data).toEqual({
      ...DATA,
      card: { number: '***', expiry: '12/29' },
      customer: { email: '***', name: 'Ann' },
      items: [
        { sku: 'x', iban: '***' },
        { sku: 'y', iban: '***' },
      ],
    });
    expect(analyst.masked?.paths).toEqual(['$.card.number', '$..email', '$.items[*].iban']);
    const operator = maskPayload('operator', RULES, 'payment.captured', null, DATA);
    expect(operator.masked?.paths).toEqual(['$.card.number']);
    expect(maskPayload('admin', RULES, 'payment.captured', 'confidential', DATA)).toEqual({ data: DATA });
    expect(maskPayload('analyst', RULES, 'order.placed', null, { amount: 1 })).toEqual({
      data: { amount: 1 },
    });
  });

  it('confidential events are masked whole below operator; unknown rules mask below admin', () => {
    expect(maskPlan('analyst', [], 'x', 'confidential')).toEqual({ kind: 'all', reason: 'confidential' });
    expect(maskPlan('operator', [], 'x', 'confidential')).toEqual({ kind: 'none' });
    expect(maskPlan('operator', null, 'x', null)).toEqual({ kind: 'all', reason: 'rule' });
  });

  it('a cut or unparsable preview is masked whole when any rule applies', () => {
    const plan = maskPlan('analyst', RULES, 'payment.captured', null);
    expect(maskPreviewText(plan, '{"card":{"number":"4111-CAN', true)).toMatchObject({
      data: '"***"',
      masked: { all: true, reason: 'unparsable' },
    });
    expect(maskPreviewText({ kind: 'none' }, '{"a', true)).toEqual({ data: '{"a', truncated: true });
  });

  it('type globs', () => {
    expect(typeMatches('payment.*', 'payment.captured')).toBe(true);
    expect(typeMatches('payment.*', 'paymentX')).toBe(false);
    expect(typeMatches('a.b', 'aXb')).toBe(false);
  });
});

describe('conditions', () => {
  const touches = (rule: string, condition: string) =>
    conditionTouches(parseMaskPath(rule), parsePath(condition));
  it('a condition on a masked path or below it touches the rule', () => {
    expect(touches('$.card.number', '$.card.number')).toBe(true);
    expect(touches('$.card', '$.card.number')).toBe(true);
    expect(touches('$..email', '$.customer.email')).toBe(true);
    expect(touches('$.items[*].iban', '$.items.iban')).toBe(true);
    expect(touches('$.card.number', '$.card.*')).toBe(true);
    expect(touches('$.card.number', '$.amount')).toBe(false);
    expect(touches('$.card.number', '$.card')).toBe(false);
  });

  it('viewers may not search payloads; analysts not on masked paths of the searched types', () => {
    const cond = (path: string) => [{ segments: parsePath(path), op: 'exists' as const }];
    expect(conditionRefusal('viewer', RULES, cond('$.amount'), [])).toMatch(/viewers/);
    expect(conditionRefusal('analyst', RULES, cond('$.amount'), [])).toBeNull();
    expect(conditionRefusal('analyst', RULES, cond('$.card.number'), [])).toMatch(/masked for your role/);
    expect(conditionRefusal('analyst', RULES, cond('$.card.number'), ['order.placed'])).toBeNull();
    expect(conditionRefusal('operator', RULES, cond('$.items.iban'), [])).toBeNull();
    expect(conditionRefusal('admin', RULES, cond('$.card.number'), [])).toBeNull();
  });
});

describe('presentLiveEvent', () => {
  const event: LiveEvent = {
    topic: 'payments',
    entryId: '1-0',
    time: '2026-01-01T00:00:00.000Z',
    type: 'payment.captured',
    preview: JSON.stringify(DATA),
    truncated: false,
    sizeBytes: 100,
  };
  it('masks a frame for the principal and keeps its shape', () => {
    const viewer = presentLiveEvent({ role: 'viewer' }, event, RULES);
    expect(viewer.preview).not.toContain('CANARY');
    expect(viewer.masked?.all).toBe(true);
    expect(presentLiveEvent({ role: 'admin' }, event, RULES)).toBe(event);
    const foreign = presentLiveEvent({ role: 'analyst' }, { ...event, foreign: 'no envelope' }, RULES);
    expect(foreign.preview).toMatch(
      /^\{"card":\{"number":"\*\*\*","expiry":"\*\*\*"\},"customer":\{"email":"\*\*\*","name":"\*\*\*"\}/,
    );
    expect(foreign.masked).toEqual({ all: true, reason: 'rule', paths: [] });
  });
});

describe('maySearchPayload (live text filters)', () => {
  it('admins always, operators when nothing is hidden from them, never analysts or viewers', async () => {
    const { maySearchPayload } = await import('./present-event');
    expect(maySearchPayload({ role: 'admin' }, null)).toBe(true);
    expect(maySearchPayload({ role: 'operator' }, RULES)).toBe(false);
    expect(
      maySearchPayload(
        { role: 'operator' },
        RULES.filter((r) => r.revealTo !== 'admin'),
      ),
    ).toBe(true);
    expect(maySearchPayload({ role: 'operator' }, null)).toBe(false);
    expect(maySearchPayload({ role: 'analyst' }, [])).toBe(false);
    expect(maySearchPayload({ role: 'viewer' }, [])).toBe(false);
  });
});
