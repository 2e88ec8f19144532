import { BusError } from '../errors';

/**
 * An append refused because the aggregate is no longer at the version the writer read: another writer
 * appended first. Nothing was written; load again and decide (the command bus can retry for you).
 */
export class ConcurrencyError extends BusError {
  constructor(
    readonly aggregateType: string,
    readonly aggregateId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `${aggregateType} ${aggregateId} is at version ${actualVersion}, not ${expectedVersion}: another writer appended first`,
    );
  }
}

export interface CommandIssue {
  /** Dotted path of the offending field in the command's input, `(root)` for the input itself. */
  field: string;
  message: string;
}

/** A command's input failed its schema; `fields` names every offending field. Nothing was loaded or appended. */
export class CommandValidationError extends BusError {
  readonly fields: readonly string[];

  constructor(
    readonly command: string,
    readonly issues: readonly CommandIssue[],
  ) {
    super(
      'COMMAND_INVALID',
      `invalid ${command} command: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ') || 'invalid input'}`,
    );
    this.fields = [...new Set(issues.map((i) => i.field))];
  }
}

/** No aggregate type handles this command type. */
export class UnknownCommandError extends BusError {
  constructor(readonly command: string) {
    super('UNKNOWN_COMMAND', `no aggregate handles the command ${JSON.stringify(command)}`);
  }
}

/** A definition the registry refuses: bad type name, a type defined twice, a command handled twice. */
export class AggregateDefinitionError extends BusError {
  constructor(message: string) {
    super('AGGREGATE_DEFINITION', message);
  }
}

export class InvalidAggregateIdError extends BusError {
  constructor(readonly aggregateId: string) {
    super(
      'INVALID_AGGREGATE_ID',
      `invalid aggregate id ${JSON.stringify(aggregateId)}: 1 to 200 characters, no whitespace or control characters`,
    );
  }
}
