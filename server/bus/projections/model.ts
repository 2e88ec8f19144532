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
  private readonly ops: string[] = [];
  /** Pending increments by the handler's key, then field (member; '' for a string): no string building. */
  private readonly sums = new Map<string, Map<string, Pending>>();
  private readonly pending: Pending[] = [];

  constructor(private readonly prefix: string) {}

  hset(key: string, field: string, value: Scalar): void {
    this.forget(key, field);
    this.ops.push(OP.hset, this.key(key), field, scalar(value));
  }

  hdel(key: string, field: string): void {
    this.forget(key, field);
    this.ops.push(OP.hdel, this.key(key), field);
  }

  hincr(key: string, field: string, by = 1): void {
    if (this.add(key, field, by)) return;
    this.start(key, field, by, OP.hincrby, OP.hincrbyfloat, 3);
    this.ops.push('', this.key(key), field, '');
  }

  set(key: string, value: Scalar): void {
    this.forget(key, '');
    this.ops.push(OP.set, this.key(key), scalar(value));
  }

  incr(key: string, by = 1): void {
    if (this.add(key, '', by)) return;
    this.start(key, '', by, OP.incrby, OP.incrbyfloat, 2);
    this.ops.push('', this.key(key), '');
  }

  del(key: string): void {
    this.sums.delete(key);
    this.ops.push(OP.del, this.key(key));
  }

  zadd(key: string, score: number, member: string): void {
    this.forget(key, member);
    this.ops.push(OP.zadd, this.key(key), number(score), member);
  }

  zincr(key: string, member: string, by = 1): void {
    if (this.add(key, member, by)) return;
    this.start(key, member, by, OP.zincrby, OP.zincrby, 2);
    this.ops.push('', this.key(key), '', member);
  }

  zrem(key: string, member: string): void {
    this.forget(key, member);
    this.ops.push(OP.zrem, this.key(key), member);
  }

  sadd(key: string, member: string): void {
    this.ops.push(OP.sadd, this.key(key), member);
  }

  srem(key: string, member: string): void {
    this.ops.push(OP.srem, this.key(key), member);
  }

  /** The batch's writes, increments summed, ready for the commit script. */
  flush(): string[] {
    for (const p of this.pending) {
      this.ops[p.at] = Number.isInteger(p.value) ? p.intCode : p.floatCode;
      this.ops[p.at + p.amountAt] = String(p.value);
    }
    return this.ops;
  }

  /** Forgets every buffered write (a refused or failed batch, or the next one). */
  clear(): void {
    this.ops.length = 0;
    this.sums.clear();
    this.pending.length = 0;
  }

  private key(key: string): string {
    if (typeof key !== 'string' || key.length === 0)
      throw new InvalidProjectionError('a read-model key must be a non-empty string');
    return this.prefix + key;
  }

  /** Adds to a pending increment of (key, field); false when there is none. */
  private add(key: string, field: string, by: number): boolean {
    const p = this.sums.get(key)?.get(field);
    if (p === undefined) return false;
    number(by);
    p.value += by;
    return true;
  }

  /** Registers the increment whose op (code and amount filled in by `flush`) is pushed next. */
  private start(
    key: string,
    field: string,
    by: number,
    intCode: string,
    floatCode: string,
    amountAt: number,
  ): void {
    number(by);
    const p: Pending = { at: this.ops.length, value: by, intCode, floatCode, amountAt };
    let fields = this.sums.get(key);
    if (!fields) this.sums.set(key, (fields = new Map()));
    fields.set(field, p);
    this.pending.push(p);
  }

  /** A write to (key, field) ends the pending increment there: a later one must come after it. */
  private forget(key: string, field: string): void {
    this.sums.get(key)?.delete(field);
  }
}

interface Pending {
  /** Position of the op's code in `ops`; its amount is at `at + amountAt`. */
  at: number;
  value: number;
  intCode: string;
  floatCode: string;
  amountAt: number;
}

function scalar(value: Scalar): string {
  return typeof value === 'number' ? number(value) : String(value);
}

function number(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidProjectionError(`a read-model number must be finite, got ${String(value)}`);
  return String(value);
}
