/** The EventLens event bus SDK: public API. */
export { Bus, createBus, type BusOptions, type HandleOptions, type RequestOptions } from './bus';
export { createRedis, DEFAULT_REDIS_URL, redisAnswers, waitForReady } from './connection';
export { decodeEntry, EVENT_FIELD, type Decoded } from './codec';
export { decodeTelemetryEntry, TELEMETRY_VERSION } from './telemetry-format';
export { buildEnvelope, type PublishInput } from './envelope';
export * from './errors';
export { createKeys, type Keys } from './keys';
export { readGroupTraits, type GroupTraits } from './group-traits';
export type { DeadLetters, ReplayTarget } from './dead-letters';
export type { ConsumeMiddleware, PublishMiddleware } from './middleware';
export { RemoteHandlerError } from './request-reply';
export { SchemaRegistry, type DataSchema, type Upcaster } from './schema-registry';
export type { Subscription } from './subscription';
export { assertTopic, isPattern, matchesPattern, TopicRegistry, type Retention } from './topics';
export {
  compareEntryIds,
  idBefore,
  isEntryId,
  StreamTail,
  type StreamTailOptions,
  type TailEntry,
} from './tail';
export type { BusLogger, DeliveryContext, Handler, StopOptions, SubscribeOptions } from './types';
export type { Published } from './publisher';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export { DEFAULT_BREAKER, type BreakerOptions } from './circuit-breaker';
export type { Envelope } from '@/server/contracts/envelope';
export * from './saga';
export * from './streams';
export * from './projections';
export * from './aggregates';
