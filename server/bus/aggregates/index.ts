/** Event-sourced aggregates and the CQRS command bus (see server/bus/README.md, Aggregates). */
export { Aggregate } from './aggregate';
export { Aggregates } from './aggregates';
export {
  AggregateDefinitionError,
  CommandValidationError,
  ConcurrencyError,
  InvalidAggregateIdError,
  UnknownCommandError,
  type CommandIssue,
} from './errors';
export {
  HISTORY_PAGE,
  HistoryRangeError,
  historyWindow,
  type AggregateHistory,
  type HistoryStep,
} from './history';
export { INSPECT_GROUP, requestHistory, type HistorySource, type InspectionRequester } from './inspect';
export { localAggregate } from './local';
export { AggregateStats, type AggregateTypePresence } from './presence';
export { AGGREGATE_TYPE_ATTR, AGGREGATE_VERSION_ATTR } from './store';
export type {
  AggregateSpec,
  Appended,
  AppendedEvent,
  AppendOptions,
  Command,
  CommandContext,
  CommandInputs,
  CommandSpec,
  DomainEvent,
  EventAttributes,
  EventMeta,
  Executed,
  ExecuteOptions,
  Loaded,
  LoadOptions,
  NewEvent,
  SnapshotCodec,
} from './types';
