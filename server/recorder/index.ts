/** The recorder: consumer group that writes streams into the store. */
export { DEFAULT_GROUP, resolveOptions, type RecorderOptions, type RecorderSettings } from './options';
export { recorderEnvShape, recorderOptionsFromEnv, type RecorderEnv } from './config';
export {
  DEFAULT_MAINTENANCE,
  runMaintenance,
  type MaintenanceOptions,
  type MaintenanceReport,
} from './maintenance';
export { DEFAULT_FIELD_NAMES, type FieldNames } from './project';
export { recorderGroup, type RecorderGroup } from './recorder-group';
export { startRecorder, type Recorder, type RecorderDeps } from './recorder';
export type { ErrorKind, RecorderStatus, RecorderTotals } from './status';
export type { StreamStatus } from './lag';
