import { describe, expect, it } from 'vitest';
import { EMPTY_SAGA_FILTERS, hasSagaFilters, parseSagaFilters, sagaFilterParams } from './url-state';

describe('saga filters in the URL', () => {
  it('reads every filter and writes them back in a fixed order', () => {
    const params = new URLSearchParams(
      'correlationId=inv-7&stuck=true&status=stuck,running&definition=investigate',
    );
    const filters = parseSagaFilters(params);
    expect(filters).toEqual({
      definition: 'investigate',
      status: ['running', 'stuck'],
      stuck: true,
      correlationId: 'inv-7',
    });
    expect(sagaFilterParams(filters).toString()).toBe(
      'definition=investigate&status=running%2Cstuck&stuck=true&correlationId=inv-7',
    );
  });

  it('drops unknown statuses and treats anything but stuck=true as off', () => {
    const filters = parseSagaFilters(new URLSearchParams('status=running&status=bogus&stuck=1'));
    expect(filters.status).toEqual(['running']);
    expect(filters.stuck).toBe(false);
  });

  it('knows when nothing narrows the list', () => {
    expect(hasSagaFilters(EMPTY_SAGA_FILTERS)).toBe(false);
    expect(sagaFilterParams(EMPTY_SAGA_FILTERS).toString()).toBe('');
    expect(hasSagaFilters({ ...EMPTY_SAGA_FILTERS, stuck: true })).toBe(true);
  });
});
