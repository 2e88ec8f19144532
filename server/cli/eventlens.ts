/** Entry of the `eventlens` command line (`server/cli/bin.js`, `npm run eventlens -- <command>`). */
import { run } from './program';

const code = await run(process.argv);
// Every command has closed its connections, but ioredis keeps a 2 s timer after closing a socket that
// never connected: exit once stdout and stderr are flushed instead of waiting for it.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
