/** `eventlens publish <topic>`: one event through the SDK (envelope, sequence, registry, retention). */
import type { Command } from 'commander';
import { assertTopic } from '@/server/bus/topics';
import { parseJsonData } from './options';
import { out, outJson } from './output';
import { withBus } from './session';

interface PublishOptions {
  type: string;
  data?: string;
  correlationId?: string;
  causationId?: string;
  subject?: string;
  json?: boolean;
}

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description('publish one event to a topic and print its event id and stream entry id')
    .argument('<topic>', 'topic name')
    .requiredOption('--type <type>', 'event type, e.g. order.placed')
    .option('--data <json>', 'event data as JSON')
    .option('--correlation-id <id>', 'correlation id (default: the new event id)')
    .option('--causation-id <id>', 'id of the event that caused this one (scripts a chain for `trace`)')
    .option('--subject <subject>', 'CloudEvents subject, e.g. the entity id')
    .option('--json', 'print {topic, id, entryId, correlationId, causationId} as JSON')
    .action((topic: string, options: PublishOptions) => publish(topic, options));
}

async function publish(topic: string, options: PublishOptions): Promise<void> {
  // validate everything before connecting: bad input is exit 2 even when Redis is down
  assertTopic(topic);
  const data = options.data === undefined ? undefined : parseJsonData(options.data);
  await withBus(async ({ bus }) => {
    const { id, entryId, envelope } = await bus.publish(topic, {
      type: options.type,
      data,
      correlationId: options.correlationId,
      causationId: options.causationId,
      subject: options.subject,
    });
    if (options.json) {
      outJson({
        topic,
        id,
        entryId,
        correlationId: envelope.correlationid ?? null,
        causationId: envelope.causationid ?? null,
      });
    } else {
      out(`event id:        ${id}`);
      out(`entry id:        ${entryId}`);
      out(`correlation id:  ${envelope.correlationid ?? '-'}`);
      if (envelope.causationid !== undefined) out(`causation id:    ${envelope.causationid}`);
    }
  });
}
