import type { Envelope } from '@/server/contracts/envelope';
import type { SagaDefinition } from './definition';
import { Draft } from './draft';
import { SagaBusyError } from './errors';
import type { SagaHost } from './host';
import { lateReply, parseCommandId, stepFailed, stepSucceeded } from './machine';
import { parseState } from './state';
import { commitDraft } from './store';

/** A reply to a command step: completes or fails the step it answers, or is recorded as late. */
export async function handleReply(host: SagaHost, def: SagaDefinition, event: Envelope): Promise<void> {
  const command = event.causationid ? parseCommandId(event.causationid) : null;
  if (!command) return;
  const spec = def.steps[command.index]?.command;
  if (!spec) return;
  const succeeded = spec.reply.types.includes(event.type);
  const failed = spec.reply.failureTypes?.includes(event.type) ?? false;
  if (!succeeded && !failed) return;
  if (host.isActive(command.sagaId)) throw new SagaBusyError(command.sagaId);
  const key = host.keys.sagaInstance(command.sagaId);
  const raw = await host.redis.hgetall(key);
  if (raw.rev === undefined) return; // expired, or another deployment's instance
  const state = parseState(command.sagaId, raw);
  if (state.name !== def.name || state.version !== def.version) return;
  // a live holder decides first (it may be timing the step out); the delivery is retried after it
  if (state.owner !== '' && state.lease > Date.now()) throw new SagaBusyError(command.sagaId);
  const draft = new Draft(state, host.source);
  const current =
    state.status === 'running' &&
    state.phase === 'await' &&
    state.round === command.round &&
    state.step === command.index &&
    state.attempt === command.attempt;
  if (!current) {
    lateReply(draft, command.index, command.attempt, event.causationid!, event.id);
    draft.release = true;
    const result = await commitDraft(host.redis, key, draft, {
      expectOwner: state.owner,
      newOwner: '',
      leaseMs: host.leaseMs,
    });
    if (!result.ok) throw new SagaBusyError(command.sagaId);
    await host.publish(key, draft.outbox);
    return;
  }
  const run = host.newRun(def, state, host.token());
  if (succeeded) {
    stepSucceeded(draft, def, event.data, { retentionMs: host.retentionMs }, run.commandData, {
      replyEventId: event.id,
    });
  } else {
    const message = (event.data as { message?: unknown } | undefined)?.message;
    stepFailed(
      draft,
      def,
      { name: 'CommandFailed', message: typeof message === 'string' ? message : event.type },
      { timedOut: false, permanent: true },
      { retentionMs: host.retentionMs },
    );
  }
  // the step's outcome is committed before the reply is acked; the rest of the saga runs on
  host.hold(run);
  let committed = false;
  try {
    committed = await run.commitNow(draft);
  } finally {
    if (!committed) host.drop(state.sagaId);
  }
  if (!committed) throw new SagaBusyError(command.sagaId);
  host.drive(run);
}
