#!/usr/bin/env node
// Launcher of the `eventlens` command line: registers tsx with the repository's tsconfig (so `@/` paths
// resolve from any working directory), then runs the TypeScript entry.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./eventlens.ts');
