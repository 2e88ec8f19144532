export * from './dead-letters';
export * from './deliveries';
export * from './events';
export * from './metrics';
export * from './system';
export * from './topology';
export * from './auth';
export * from './access';
