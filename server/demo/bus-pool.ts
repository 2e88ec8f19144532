import type { Redis } from 'ioredis';
import { createBus, type Bus, type BusLogger, type SchemaRegistry } from '@/server/bus';

/** Creates buses and remembers them, so that stopping the demo closes every one. */
export class BusPool {
  readonly buses: Bus[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly schemas: SchemaRegistry,
    private readonly logger: BusLogger,
  ) {}

  create(service: string, options: { schemas?: false } = {}): Bus {
    const bus = createBus({
      redis: this.redis,
      service,
      prefix: this.prefix,
      schemas: options.schemas === false ? undefined : this.schemas,
      logger: this.logger,
    });
    this.buses.push(bus);
    return bus;
  }

  async closeAll(timeoutMs: number): Promise<void> {
    await Promise.all(this.buses.map((bus) => bus.close({ timeoutMs })));
    this.buses.length = 0;
  }
}

/**
 * The demo fails on purpose: dead letters and retries are its traffic, not news. The SDK's info and
 * warn lines (one per dead letter) go to debug; errors stay errors.
 */
export function quietLogger(log: BusLogger): BusLogger {
  return {
    debug: (details, message) => log.debug(details, message),
    info: (details, message) => log.debug(details, message),
    warn: (details, message) => log.debug(details, message),
    error: (details, message) => log.error(details, message),
  };
}
