import { randomBytes } from 'node:crypto';
import { defineConfig, devices } from '@playwright/test';
import { ADMIN_STATE } from './e2e/support/accounts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';

const port = Number(process.env.E2E_PORT ?? 3100);
// the Redis key prefix of the run: the web server records it, the specs' fixtures seed under it.
// Set here, before either starts, so the server and every worker (which inherit this env) agree.
process.env.E2E_PREFIX ??= `e2e${randomBytes(3).toString('hex')}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  // tests, not files, are shared out: a file of long tests (the screenshots, the layouts) no longer
  // leaves one worker running alone at the end; blocks sharing a beforeAll server opt out (mode 'default')
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // the status dots pulse forever: with motion on, every open page drew 60 frames a second in
    // software (--disable-gpu), and Chromium took most of the two cores the specs share
    reducedMotion: 'reduce',
    // the theme follows the system until the user picks one: the specs start from a dark system, the
    // look their screenshots and toggles expect (shell.spec.ts tests the light system)
    colorScheme: 'dark',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    // signs in once as the e2e admin (EVENTLENS_ADMIN_* in support/serve.ts); every spec starts signed in
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testIgnore: /first-run\.spec\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        storageState: ADMIN_STATE,
      },
    },
    // dev mode compiling each page on its first visit, timed against the README's promise: alone on
    // the machine, after the rest, so that other specs' load does not count against it
    {
      name: 'first-run',
      dependencies: ['chromium'],
      // the demo and the dev server one after the other, never both compiling at once
      fullyParallel: false,
      workers: 1,
      testMatch: /first-run\.spec\.ts$/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } },
    },
  ],
  webServer: {
    command: 'node --import tsx e2e/support/serve.ts',
    url: `http://127.0.0.1:${port}/api/health`,
    env: { E2E_PORT: String(port), E2E_PREFIX: process.env.E2E_PREFIX },
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
