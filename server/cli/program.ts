/** The `eventlens` command tree, and `run` which maps every outcome to an exit code. */
import { Command, CommanderError } from 'commander';
import { VERSION } from '@/server/version';
import { registerAggregates } from './aggregates';
import { registerDlq } from './dlq';
import { EXIT, exitCodeOf, messageOf, type ExitCode } from './errors';
import { registerGroups } from './groups';
import { err } from './output';
import { registerProjections } from './projections';
import { registerPublish } from './publish';
import { registerRules } from './rules';
import { registerSagas } from './sagas';
import { registerTail } from './tail';
import { registerTrace } from './trace';

const HELP_FOOTER = `
Environment:
  REDIS_URL         Redis to use (default redis://127.0.0.1:6379)
  EVENTLENS_PREFIX  key prefix of the bus (default el)
  EVENTLENS_URL     the EventLens server, for dlq replay, discard and groups, trace, sagas, aggregates,
                    projections, rules and processors (e.g. http://127.0.0.1:3000)
  EVENTLENS_TOKEN   an API token for EVENTLENS_URL (Settings > API tokens; operator role to act)

Exit codes:
  0  ok
  1  operation failed (e.g. a dead letter, trace or saga not found, an action its state refuses, the token refused; with several ids, if any failed)
  2  usage error, invalid input or invalid environment variable
  3  Redis unreachable (after 3 s) or connection lost; or the EventLens server unreachable`;

export function createProgram(): Command {
  const program = new Command('eventlens')
    .description(
      'EventLens command line: publish, tail, consumer groups, dead letters, traces and sagas on Redis Streams',
    )
    .version(VERSION)
    // set before adding commands: subcommands copy these settings
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'eventlens: ')),
    })
    .addHelpText('after', HELP_FOOTER);
  registerPublish(program);
  registerTail(program);
  registerGroups(program);
  registerDlq(program);
  registerTrace(program);
  registerSagas(program);
  registerAggregates(program);
  registerProjections(program);
  registerRules(program);
  return program;
}

/** Runs the command line; resolves to the exit code. Errors are printed as one line on stderr. */
export async function run(argv: readonly string[]): Promise<ExitCode> {
  try {
    await createProgram().parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    // commander has printed its own message (or the help) already
    if (!(error instanceof CommanderError)) err(messageOf(error));
    return exitCodeOf(error);
  }
}
