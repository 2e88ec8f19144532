/**
 * What crosses between the embedded store's client (`pglite-remote.ts`) and its worker
 * (`pglite-worker.mjs`): the client's public query types, and the requests and replies of the protocol
 * (see the client's header for how a transaction is carried).
 */
export interface RemoteField {
  name: string;
  dataTypeID: number;
}

export interface RemoteResults<T = Record<string, unknown>> {
  rows: T[];
  fields: RemoteField[];
  affectedRows?: number;
}

export interface RemoteQueryOptions {
  rowMode?: 'object' | 'array';
  /**
   * Parsers by type oid. Functions cannot cross to the worker: only parsers that return the raw text
   * are accepted (drizzle-orm passes such parsers for its date, timestamp and interval columns).
   */
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
  paramTypes?: number[];
}

export interface RemoteQueryable {
  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: RemoteQueryOptions,
  ): Promise<RemoteResults<T>>;
  /** Runs one or more statements without parameters; one result per statement. */
  exec(text: string): Promise<RemoteResults[]>;
}

export interface RemoteTransaction extends RemoteQueryable {
  /** Rolls back now; the transaction's work then resolves without a commit. */
  rollback(): Promise<void>;
  readonly closed: boolean;
}

export interface WireQueryOptions {
  rowMode?: 'object' | 'array';
  paramTypes?: number[];
  identityParsers?: number[];
}

export type Request =
  | {
      op: 'query';
      text: string;
      params: readonly unknown[] | undefined;
      options?: WireQueryOptions;
      tx?: number;
    }
  | { op: 'exec'; text: string; tx?: number }
  | { op: 'begin' }
  | { op: 'commit' | 'rollback'; tx: number }
  | { op: 'dump' }
  | { op: 'close' };

export type WireError = { name: string; message: string } & Record<string, unknown>;

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export type Ready = { ready: true } | { ready: false; error: WireError };
