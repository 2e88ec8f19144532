import { describe, expect, it } from 'vitest';
import { Envelope } from '@/server/contracts/envelope';
import { decodeEntry, decodeFailure, isEnvelope } from './codec';
import { DecodeError, InvalidEnvelopeError } from './errors';
import { buildEnvelope } from './envelope';

const valid = {
  ...buildEnvelope(
    '/s',
    { type: 't', subject: 's', data: { a: 1 }, dataVersion: 2, sensitivity: 'internal' },
    '0000000000000001',
  ),
};
const base = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;

/** Mutations of a valid envelope, valid and invalid: the fast check must agree with zod on each. */
const cases: [string, unknown][] = [
  ['as built', base],
  ['minimal', { specversion: '1.0', id: 'x', source: '/s', type: 't' }],
  ['foreign extension kept', { ...base, myext: 'yes' }],
  ['data_base64', { ...base, data: undefined, data_base64: 'AAEC' }],
  ['null', null],
  ['array', [base]],
  ['string', 'event'],
  ['spec 0.3', { ...base, specversion: '0.3' }],
  ['numeric spec', { ...base, specversion: 1 }],
  ['empty id', { ...base, id: '' }],
  ['no source', { ...base, source: undefined }],
  ['numeric type', { ...base, type: 5 }],
  ['empty subject', { ...base, subject: '' }],
  ['null subject', { ...base, subject: null }],
  ['bad traceparent', { ...base, traceparent: '00-abc' }],
  ['upper-case traceparent', { ...base, traceparent: String(base.traceparent).toUpperCase() }],
  ['dataversion 0', { ...base, dataversion: 0 }],
  ['dataversion 1.5', { ...base, dataversion: 1.5 }],
  ['dataversion string', { ...base, dataversion: '2' }],
  ['unknown sensitivity', { ...base, sensitivity: 'secret' }],
  ['numeric sequence', { ...base, sequence: 7 }],
  ['numeric data_base64', { ...base, data_base64: 7 }],
  ['empty tenant', { ...base, tenantid: '' }],
  ['numeric replyto', { ...base, replyto: 1 }],
];

describe('isEnvelope agrees with the zod Envelope schema', () => {
  it.each(cases)('%s', (_, value) => {
    const zodAccepts = Envelope.safeParse(value).success;
    // the fast check may only say yes where zod does (a no falls back to zod, so it is always safe)
    if (isEnvelope(value)) expect(zodAccepts).toBe(true);
    else expect(zodAccepts, 'a valid envelope should take the fast path').toBe(false);
  });
});

describe('decodeEntry names every problem of an invalid envelope', () => {
  const decode = (value: unknown) => {
    const decoded = decodeEntry(['event', JSON.stringify(value)]);
    if (decoded.ok) throw new Error('expected a failure');
    return decoded;
  };

  it('lists the missing attributes, then the invalid ones with why', () => {
    const decoded = decode({ specversion: '0.3', type: 'x', traceparent: 'nope', dataversion: 0 });
    expect(decoded.invalid).toEqual(['id', 'source', 'specversion', 'traceparent', 'dataversion']);
    expect(decoded.reason).toMatch(
      /^not a CloudEvents envelope: missing id, source; invalid specversion \(.+\), traceparent \(.+\), dataversion \(.+\)$/,
    );
    const error = decodeFailure(decoded);
    expect(error).toBeInstanceOf(InvalidEnvelopeError);
    expect(error).toMatchObject({ code: 'INVALID_ENVELOPE', fields: decoded.invalid });
  });

  it('says what it got when the JSON is not an object', () => {
    expect(decode([1]).reason).toBe('not a CloudEvents envelope: expected a JSON object, got an array');
    expect(decode('event').reason).toBe('not a CloudEvents envelope: expected a JSON object, got a string');
  });

  it('keeps entries that are not JSON at all (or have no event field) undecodable', () => {
    for (const flat of [
      ['event', '{not json'],
      ['foo', 'bar'],
    ]) {
      const decoded = decodeEntry(flat);
      if (decoded.ok) throw new Error('expected a failure');
      expect(decoded.invalid).toBeNull();
      expect(decodeFailure(decoded)).toBeInstanceOf(DecodeError);
    }
  });
});
