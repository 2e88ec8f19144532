import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('server/main.ts with a bad environment', () => {
  it.each([
    ['PORT', 'abc'],
    ['REDIS_URL', 'nope'],
    ['LOG_LEVEL', 'chatty'],
  ])('%s=%s prints one line naming the variable and exits 2', (variable, value) => {
    const result = run({ [variable]: value });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^eventlens: invalid ${variable}="${value}": expected`));
    expect(result.stdout).toBe('');
  });
});
