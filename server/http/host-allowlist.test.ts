import { describe, expect, it } from 'vitest';
import { hostAllowlist, hostName } from './host-allowlist';

describe('the Host allowlist', () => {
  it('reads a Host header name without its port, IPv6 included', () => {
    expect(hostName('Example.COM:3000')).toBe('example.com');
    expect(hostName('[::1]:3000')).toBe('::1');
    expect(hostName('::1')).toBe('::1');
  });

  it('answers loopback names, HOST, the public URL and the listed hosts; refuses the rest with a reason', () => {
    const refuse = hostAllowlist({
      host: '10.0.0.5',
      publicUrl: 'https://lens.example',
      allowed: ['alias.example'],
    });
    for (const ok of [
      'localhost:3000',
      '127.0.0.1',
      '[::1]',
      '10.0.0.5:3000',
      'lens.example',
      'alias.example:80',
    ]) {
      expect(refuse(ok), ok).toBeNull();
    }
    expect(refuse('rebind.attacker.example')).toMatch(/EVENTLENS_ALLOWED_HOSTS/);
    expect(refuse(undefined)).toMatch(/Host header/);
    // a wildcard listen address is not a name a browser asks for
    expect(hostAllowlist({ host: '0.0.0.0' })('0.0.0.0')).not.toBeNull();
  });
});
