import { InvalidProjectionError } from './definition';

/**
 * The op codes of the commit script (scripts.ts), each followed by its key and a fixed number of
 * arguments. One letter each: a catch-up batch sends thousands of them.
 */
export const OP = {
  hset: 'H', // key field value
  hdel: 'D', // key field
  hincrby: 'I', // key field amount
  hincrbyfloat: 'F', // key field amount
  set: 'S', // key value
  incrby: 'N', // key amount
  incrbyfloat: 'G', // key amount
  del: 'X', // key
  zadd: 'Z', // key score member
  zincrby: 'Y', // key amount member
  zrem: 'R', // key member
  sadd: 'A', // key member
  srem: 'M', // key member
} as const;

type Scalar = string | number;

/**
 * The write side of a read model, as handlers see it: Redis-like writes on keys of the projection's
 * current generation, buffered and committed with the batch's checkpoint. Increments of the same
 * field are summed in memory until another write touches that field, so a catch-up batch of
 * counting handlers commits a handful of ops instead of one per event.
 */
export class Model {
  /** Flat list: code, full key, arguments, ... in the order the handlers wrote. */
  readonly ops: string[] = [];
  /** `key \n field` of a summable increment -> its op's position in `ops` and running sum. */
  private readonly sums = new Map<string, { at: number; value: number }>();
  /** full key -> the `sums` entries on it (a `del` forgets them all). */
  private readonly sumsByKey = new Map<string, string[]>();

  constructor(private readonly prefix: string) {}

  /** Writes buffered in this batch (after summing). */
  get size(): number {
    return this.ops.length;
  }

  hset(key: string, field: string, value: Scalar): void {
    const k = this.key(key);
    this.forget(k, field);
    this.ops.push(OP.hset, k, field, scalar(value));
  }

  hdel(key: string, field: string): void {
    const k = this.key(key);
    this.forget(k, field);
    this.ops.push(OP.hdel, k, field);
  }

  hincr(key: string, field: string, by = 1): void {
    this.sum(this.key(key), field, by, OP.hincrby, OP.hincrbyfloat, true);
  }

  set(key: string, value: Scalar): void {
    const k = this.key(key);
    this.forget(k, '');
    this.ops.push(OP.set, k, scalar(value));
  }

  incr(key: string, by = 1): void {
    this.sum(this.key(key), '', by, OP.incrby, OP.incrbyfloat, false);
  }

  del(key: string): void {
    const k = this.key(key);
    for (const field of this.sumsByKey.get(k) ?? []) this.sums.delete(`${k}\n${field}`);
    this.sumsByKey.delete(k);
    this.ops.push(OP.del, k);
  }

  zadd(key: string, score: number, member: string): void {
    const k = this.key(key);
    this.forget(k, member);
    this.ops.push(OP.zadd, k, number(score), member);
  }

  zincr(key: string, member: string, by = 1): void {
    this.sum(this.key(key), member, by, OP.zincrby, OP.zincrby, true, true);
  }

  zrem(key: string, member: string): void {
    const k = this.key(key);
    this.forget(k, member);
    this.ops.push(OP.zrem, k, member);
  }

  sadd(key: string, member: string): void {
    this.ops.push(OP.sadd, this.key(key), member);
  }

  srem(key: string, member: string): void {
    this.ops.push(OP.srem, this.key(key), member);
  }

  /** Forgets every buffered write (a refused or failed batch). */
  clear(): void {
    this.ops.length = 0;
    this.sums.clear();
    this.sumsByKey.clear();
  }

  private key(key: string): string {
    if (typeof key !== 'string' || key.length === 0)
      throw new InvalidProjectionError('a read-model key must be a non-empty string');
    return this.prefix + key;
  }

  /**
   * Adds `by` to the pending increment of (key, field), or starts one. `withField` ops carry the field
   * after the key; ZINCRBY carries the amount before its member (`amountFirst`).
   */
  private sum(
    k: string,
    field: string,
    by: number,
    intCode: string,
    floatCode: string,
    withField: boolean,
    amountFirst = false,
  ): void {
    number(by);
    const id = `${k}\n${field}`;
    const pending = this.sums.get(id);
    if (pending) {
      pending.value += by;
      this.ops[pending.at] = Number.isInteger(pending.value) ? intCode : floatCode;
      this.ops[pending.at + (amountFirst || !withField ? 2 : 3)] = String(pending.value);
      return;
    }
    const at = this.ops.length;
    const code = Number.isInteger(by) ? intCode : floatCode;
    if (!withField) this.ops.push(code, k, String(by));
    else if (amountFirst) this.ops.push(code, k, String(by), field);
    else this.ops.push(code, k, field, String(by));
    this.sums.set(id, { at, value: by });
    let fields = this.sumsByKey.get(k);
    if (!fields) this.sumsByKey.set(k, (fields = []));
    fields.push(field);
  }

  /** A write to (key, field) ends the pending increment there: a later one must come after it. */
  private forget(k: string, field: string): void {
    this.sums.delete(`${k}\n${field}`);
  }
}

function scalar(value: Scalar): string {
  return typeof value === 'number' ? number(value) : String(value);
}

function number(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidProjectionError(`a read-model number must be finite, got ${String(value)}`);
  return String(value);
}
