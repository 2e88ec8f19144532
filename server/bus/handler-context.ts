import type { DeliveryContext } from './types';

/** The handler's `ctx`. Its AbortController exists only if the handler reads `signal`. */
export class HandlerContext implements DeliveryContext {
  private controller: AbortController | null = null;

  constructor(
    readonly topic: string,
    readonly group: string,
    readonly consumer: string,
    readonly entryId: string,
    readonly attempt: number,
    private readonly stopSignal: AbortSignal,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopSignal.aborted) this.controller.abort(this.stopSignal.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    this.controller?.abort(reason);
  }
}
