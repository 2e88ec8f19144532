import type { DataSchema } from '../schema-registry';
import { CommandValidationError, type CommandIssue } from './errors';

/** The command's input as its schema parses it, or CommandValidationError naming every bad field. */
export function parseCommand<I>(command: string, schema: DataSchema<I>, input: unknown): I {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: CommandIssue[] = result.error.issues?.length
    ? result.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || '(root)',
        message: issue.message,
      }))
    : [{ field: '(root)', message: result.error.message.replace(/\s+/g, ' ').slice(0, 500) }];
  throw new CommandValidationError(command, issues);
}
