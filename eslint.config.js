import { readdirSync } from 'node:fs';
import nextPlugin from '@next/eslint-plugin-next';
import drizzle from 'eslint-plugin-drizzle';
import importPlugin from 'eslint-plugin-import';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import direction, as ARCHITECTURE.md's layout table says. Each module lists what it may import;
 * every other module is forbidden to it. Tests (*.test.ts) and server/testing wire real clients freely.
 */
const SHARED_UI = ['ui', 'charts', 'graph', 'layout', 'lib'];
const FEATURES = readdirSync('components', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !SHARED_UI.includes(entry.name))
  .map((entry) => entry.name);

const modules = {
  contracts: './server/contracts/**',
  bus: './server/bus/**',
  recorder: './server/recorder/**',
  live: './server/live/**',
  queries: './server/queries/**',
  lag: './server/lag/**',
  services: './server/services/**',
  replays: './server/replays/**',
  access: './server/access/**',
  auth: './server/auth/**',
  http: './server/http/**',
  demo: './server/demo/**',
  cli: './server/cli/**',
  serverRoot: './server/*.ts',
  testing: './server/testing/**',
  db: './db/**',
  app: './app/**',
  e2e: './e2e/**',
  ...Object.fromEntries(SHARED_UI.map((name) => [`ui:${name}`, `./components/${name}/**`])),
  ...Object.fromEntries(FEATURES.map((name) => [`feature:${name}`, `./components/${name}/**`])),
};

const featureKeys = FEATURES.map((name) => `feature:${name}`);
const allowed = {
  contracts: [],
  bus: ['contracts'],
  recorder: ['bus', 'db', 'contracts'],
  live: ['bus', 'queries', 'contracts'],
  // the lag model is pure: contracts in, contracts out
  lag: ['contracts'],
  queries: ['db', 'contracts', 'lag'],
  // users and sessions are managed through better-auth's instance (server/auth), carried in the context
  // a command resolves its selection with the read model the page lists from, so both see one set
  services: ['bus', 'db', 'access', 'auth', 'contracts', 'queries'],
  // the replay job runner: leases and paces jobs the replay service made, through its store helpers
  replays: ['bus', 'db', 'services', 'contracts'],
  // the masking presenter: pure functions over contracts
  access: ['contracts'],
  // sign-in (better-auth over the store) and who a request's cookie or token belongs to: reads only
  auth: ['db', 'access', 'contracts'],
  // the route context carries db and redis clients to queries and services: type imports only
  // denied requests are audited through services/audit
  http: ['contracts', 'db', 'bus', 'access', 'auth', 'services'],
  demo: ['bus', 'contracts'],
  // the CLI is an edge like main.ts: it opens its own connections
  cli: ['bus', 'queries', 'services', 'contracts', 'db', 'serverRoot', 'demo'],
  serverRoot: Object.keys(modules).filter(
    (k) => !k.startsWith('ui:') && !k.startsWith('feature:') && k !== 'app' && k !== 'e2e',
  ),
  testing: Object.keys(modules),
  db: [],
  app: [
    'queries',
    'services',
    'http',
    'access',
    'contracts',
    ...SHARED_UI.map((n) => `ui:${n}`),
    ...featureKeys,
  ],
  e2e: ['bus', 'contracts', 'db', 'demo', 'testing'],
  'ui:lib': ['contracts'],
  'ui:ui': ['ui:lib'],
  'ui:charts': ['ui:ui', 'ui:lib'],
  'ui:graph': ['ui:ui', 'ui:lib'],
  'ui:layout': ['ui:ui', 'ui:lib'],
  ...Object.fromEntries(
    featureKeys.map((key) => [key, ['contracts', 'ui:ui', 'ui:charts', 'ui:graph', 'ui:layout', 'ui:lib']]),
  ),
};

const zonesFor = (key, target, may = allowed[key] ?? []) =>
  Object.entries(modules)
    .filter(([other]) => other !== key && !may.includes(other))
    .map(([other, from]) => ({
      target,
      from,
      message: `${key} may not import ${other} (see ARCHITECTURE.md, Layout).`,
    }));
const zones = Object.entries(modules).flatMap(([key, target]) => zonesFor(key, target));
/** `npm run recorder`'s entry is a composition root like server/main.ts: it may import what main.ts may. */
const RECORDER_MAIN = 'server/recorder/main.ts';
const recorderMainZones = zonesFor('recorder', `./${RECORDER_MAIN}`, [
  ...allowed.recorder,
  ...allowed.serverRoot,
]);

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.data/**',
      '.cache/**',
      'db/migrations/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'bench/results/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { import: importPlugin, drizzle },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // cycles are `npm run check:cycles` (dpdm, a few seconds); this rule took most of lint's minute
      'import/no-cycle': 'off',
      'import/no-duplicates': 'error',
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
    },
  },
  {
    files: ['server/**/*.ts', 'db/**/*.ts', 'app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'e2e/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'import/no-restricted-paths': ['error', { zones }] },
  },
  {
    files: [RECORDER_MAIN],
    rules: { 'import/no-restricted-paths': ['error', { zones: recorderMainZones }] },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'server/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
