import { BusError } from '../errors';

export class SagaNotFoundError extends BusError {
  constructor(readonly sagaId: string) {
    super('NOT_FOUND', `no saga instance ${sagaId}`);
  }
}

/** An operator action the instance's state does not allow; `status` names the state. */
export class SagaStateError extends BusError {
  constructor(
    readonly action: string,
    readonly status: string,
    readonly allowed: readonly string[],
    message?: string,
  ) {
    super(
      'SAGA_STATE',
      message ??
        (allowed.length === 0
          ? `cannot ${action} a saga that is ${status} (it is not in the status the action was asked for)`
          : `cannot ${action} a saga that is ${status} (only when ${allowed.join(' or ')})`),
    );
  }
}

/** The instance kept changing under an operator action; try again. */
export class SagaConflictError extends BusError {
  constructor(readonly sagaId: string) {
    super('SAGA_CONFLICT', `saga ${sagaId} changed while the action was being applied; try again`);
  }
}

/** A reply arrived while another orchestrator holds the instance: the delivery is retried later. */
export class SagaBusyError extends BusError {
  constructor(readonly sagaId: string) {
    super('SAGA_BUSY', `saga ${sagaId} is held by another orchestrator`);
  }
}
