/** The replay service's named errors; server/http maps each `code` to its status once. */

export class ReplayNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what}: not found`);
    this.name = 'ReplayNotFoundError';
  }
}

/** The letters are already in another live replay job (a second operator, a double click): 409. */
export class ReplayConflictError extends Error {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'ReplayConflictError';
  }
}

/** The action does not fit the job's state (approve a running job, resume a completed one): 409. */
export class ReplayStateError extends Error {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'ReplayStateError';
  }
}

export class ReplayForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(message: string) {
    super(message);
    this.name = 'ReplayForbiddenError';
  }
}

/** Bad input the schema could not see (an edit of many letters, an empty selection): 400 naming the field. */
export class ReplayInputError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ReplayInputError';
  }
}
