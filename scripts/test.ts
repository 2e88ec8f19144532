/**
 * `npm test`: every check the project has, in order, with one closing line of totals for CI.
 * Static checks and the build count as one test each; vitest and Playwright report their own counts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
}

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  FORCE_COLOR: '0',
};
const results: StepResult[] = [];
mkdirSync('test-results', { recursive: true });

function run(command: string, args: string[]): { ok: boolean; seconds: number } {
  const started = Date.now();
  process.stdout.write(`\n=== ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

function check(name: string, command: string, args: string[]): boolean {
  const { ok, seconds } = run(command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds });
  return ok;
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: {
    name: string;
    assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
}

function vitestFailures(report: VitestReport | null): string[] {
  return (report?.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status === 'failed')
      .map(
        (test) =>
          `${file.name.replace(`${process.cwd()}/`, '')} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`,
      ),
  );
}

interface PlaywrightReport {
  stats?: { expected: number; unexpected: number; flaky: number };
  suites?: PlaywrightSuite[];
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; ok: boolean; file: string; line: number }[];
  suites?: PlaywrightSuite[];
}

function playwrightFailures(report: PlaywrightReport | null): string[] {
  const walk = (suite: PlaywrightSuite): string[] => [
    ...(suite.specs ?? [])
      .filter((spec) => !spec.ok)
      .map((spec) => `e2e/${spec.file}:${spec.line} › ${spec.title}`),
    ...(suite.suites ?? []).flatMap(walk),
  ];
  return (report?.suites ?? []).flatMap(walk);
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]?.slice(0, 200) ?? '';
}

const bin = (name: string): string => `node_modules/.bin/${name}`;

/** Runs a check with its output kept, printed once it ends (checks running side by side stay readable). */
function checkQuietly(name: string, command: string, args: string[]): Promise<StepResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      process.stdout.write(`\n=== ${command} ${args.join(' ')}\n${Buffer.concat(output).toString()}`);
      const ok = code === 0;
      resolve({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds: (Date.now() - started) / 1000 });
    });
  });
}

// the static checks are independent and mostly single-threaded: side by side on the two cores
results.push(
  ...(await Promise.all([
    checkQuietly('typecheck', bin('tsc'), ['--noEmit']),
    // `npm run lint` is both; apart, they share the cores with the other checks instead of queueing
    checkQuietly('eslint', bin('eslint'), ['--max-warnings', '0', '.']),
    checkQuietly('prettier', bin('prettier'), ['--check', '--log-level', 'warn', '.']),
    checkQuietly('circular imports', 'npm', ['run', '--silent', 'check:cycles']),
  ])),
);

// each suite's JSON report gives its counts and, for the summary, the names of its failed tests
const failures: string[] = [];
rmSync('test-results/vitest.json', { force: true });
{
  const { ok, seconds } = run(bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ]);
  const report = readJson<VitestReport>('test-results/vitest.json');
  failures.push(...vitestFailures(report));
  const failed = report?.numFailedTests ?? 0;
  results.push({
    name: 'vitest',
    passed: report?.numPassedTests ?? 0,
    failed: failed || (ok ? 0 : 1),
    seconds,
  });
}

const built = check('next build', bin('next'), ['build']);
if (built && existsSync('.next/BUILD_ID')) {
  rmSync('test-results/e2e-report.json', { force: true });
  const { ok, seconds } = run(bin('playwright'), ['test']);
  const report = readJson<PlaywrightReport>('test-results/e2e-report.json');
  failures.push(...playwrightFailures(report));
  const failed = report?.stats?.unexpected ?? 0;
  results.push({
    name: 'playwright',
    passed: (report?.stats?.expected ?? 0) + (report?.stats?.flaky ?? 0),
    failed: failed || (ok ? 0 : 1),
    seconds,
  });
} else {
  results.push({ name: 'playwright (not run: no build)', passed: 0, failed: 1, seconds: 0 });
}

if (failures.length > 0) {
  // CI shows only the tail of the output: the failing tests' names go where it can see them
  process.stdout.write(`\nFailed tests:\n${failures.map((name) => `  - ${name}`).join('\n')}\n`);
}

const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
process.stdout.write('\n| step | passed | failed | seconds |\n|---|---:|---:|---:|\n');
for (const r of results)
  process.stdout.write(`| ${r.name} | ${r.passed} | ${r.failed} | ${r.seconds.toFixed(1)} |\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
