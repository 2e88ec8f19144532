/** Projections: read models with checkpoints, rebuild and swap (see server/bus/README.md, Projections). */
export {
  defineProjection,
  InvalidProjectionError,
  ProjectionNotFoundError,
  type ProjectionDefinition,
  type ProjectionEventContext,
  type ProjectionHandler,
  type ProjectionSpec,
} from './definition';
export type { Model } from './model';
export { DEFAULT_PROJECTION_OPTIONS, type ProjectionOptions } from './options';
export type { ProjectionPresence } from './presence';
export { Projections } from './projections';
export type { RunnerStats } from './runner';
export type { GenerationStatus, ProjectionStatus, TopicPosition } from './status';
export { ProjectionView } from './view';
