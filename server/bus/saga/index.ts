/** Sagas: durable orchestration with compensation (see server/bus/README.md, Sagas). */
export {
  declareChoreography,
  defineSaga,
  type AnyStep,
  type ChoreographyDefinition,
  type ChoreographySpec,
  type CommandAction,
  type LocalAction,
  type SagaDefinition,
  type SagaSpec,
  type StepContext,
  type StepSpec,
} from './definition';
export { SagaBusyError, SagaConflictError, SagaNotFoundError, SagaStateError } from './errors';
export type { Operator, OperatorAction } from './machine';
export { StepTimeoutError, type TransitionInfo } from './run';
export { SagaOperations, type ActOutcome, type SagaOperationsOptions } from './operator';
export { DEFAULT_SAGA_OPTIONS, type SagaOptions } from './options';
export { Sagas, type StartOptions } from './sagas';
export type { Phase, SagaInstance } from './state';
