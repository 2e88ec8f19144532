/**
 * What Redis says about the bus right now, typed: streams (XINFO STREAM), consumer groups (XINFO
 * GROUPS), consumers (XINFO CONSUMERS), pending entries (XPENDING, extended form), dead-letter stream
 * lengths and presence heartbeats. Shared by the CLI, the REST API (through server/services) and the
 * live layer. Every function reads a bounded amount in a fixed number of pipelined round trips,
 * whatever the number of topics and groups, and throws BusUnavailableError when Redis does not answer.
 */
export { deadLetterLengths } from './dead-letter-lengths';
export { inspectGroups, type GroupsOptions } from './groups';
export { inspectBus } from './overview';
export { summarizePending } from './pending-summary';
export { readPresence } from './presence-snapshot';
export { inspectStreams, type StreamsOptions } from './streams';
export { describeTopics, registeredTopics } from './topics';

export type { ConsumerInfo, GroupInfo, TopicInfo } from '@/server/contracts/bus-state';
