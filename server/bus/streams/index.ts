/** Stream processing: filter/map/to, windows, complex-event rules (see server/bus/README.md). */
export { Processor } from './processor';
export type { ProcessorKind, ProcessorPresence } from './registry';
export { Streams, StreamBuilder, type ResultTarget } from './streams';
export type {
  AbsenceRuleSpec,
  CountRuleSpec,
  Mapped,
  ProcessorOptions,
  ProcessorStats,
  RuleAlert,
  RuleShape,
  StreamEvent,
  ToOptions,
  WindowResult,
  WindowSpec,
} from './types';
