import { describe, expect, it } from 'vitest';
import { auditHref, auditParams, parseAuditUrl } from './url-state';

describe('audit url state', () => {
  it('reads the filters from the URL and writes back only the set ones', () => {
    const filters = parseAuditUrl(new URLSearchParams('actor=ana&result=denied&text=%20x%20&other=1'));
    expect(filters).toEqual({ actor: 'ana', action: '', result: 'denied', from: '', to: '', text: 'x' });
    expect(auditParams(filters).toString()).toBe('actor=ana&result=denied&text=x');
    expect(auditHref(filters, '/audit')).toBe('/audit?actor=ana&result=denied&text=x');
    expect(auditHref(parseAuditUrl(new URLSearchParams()), '/audit')).toBe('/audit');
  });
});
