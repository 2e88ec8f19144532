/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dev badge would cover the Settings link at the bottom of the sidebar.
  devIndicators: { position: 'bottom-right' },
  // Native or WASM drivers must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'ioredis', 'pino'],
  // `npm test` runs `tsc --noEmit` and ESLint before the build; doing it twice costs a minute on 2 cores.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
