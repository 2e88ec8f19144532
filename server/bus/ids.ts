import { randomFillSync } from 'node:crypto';

/**
 * Identifiers on the publish hot path. Measured here: the `uuid` package's v7 costs 2.7 µs per id and
 * `randomUUID().replace()` 0.45 µs, a third of the envelope's whole budget; these draw from one pooled
 * random buffer and let Buffer's native hex encoder format it.
 */
const POOL_SIZE = 16 * 1024;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function randomBytesFromPool(n: number): number {
  if (offset + n > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += n;
  return start;
}

function hex(n: number): string {
  const start = randomBytesFromPool(n);
  return pool.toString('hex', start, start + n);
}

/*
 * Ids are written as ASCII into a scratch buffer and read out with one `toString('latin1')`: the result is
 * a flat string. Built by concatenation they were cons strings, which JSON.stringify flattens for
 * every envelope (measured: 2.5 -> 2.0 us per envelope stringified).
 */
const HEX = Buffer.from('0123456789abcdef', 'latin1');
const scratch = Buffer.alloc(64);

function writeHex(byte: number, at: number): void {
  scratch[at] = HEX[byte >> 4]!;
  scratch[at + 1] = HEX[byte & 0x0f]!;
}

function writeRandomHex(bytes: number, at: number): void {
  const start = randomBytesFromPool(bytes);
  for (let i = 0; i < bytes; i++) writeHex(pool[start + i]!, at + i * 2);
}

const DASH = 0x2d;

let lastMs = -1;
let counter = 0;
/** The first two groups of the id and their dashes (the hex of `lastMs`), rewritten once per millisecond. */
const msPrefix = Buffer.alloc(14);

function setMsPrefix(ms: number): void {
  const hex = ms.toString(16).padStart(12, '0');
  msPrefix.write(`${hex.slice(0, 8)}-${hex.slice(8)}-`, 0, 'latin1');
}

/**
 * RFC 9562 UUIDv7: 48-bit Unix ms, version 7, a 12-bit counter seeded randomly each millisecond
 * (monotonic within a process, method 1), variant 10, 62 random bits.
 */
export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = pool[randomBytesFromPool(1)]! & 0x7f; // leave headroom before the counter overflows
    setMsPrefix(lastMs);
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1; // borrow the next millisecond rather than repeat an id
      counter = 0;
      setMsPrefix(lastMs);
    }
  }
  msPrefix.copy(scratch, 0);
  writeHex(0x70 | (counter >> 8), 14); // version 7, then the counter's top 4 bits
  writeHex(counter & 0xff, 16);
  scratch[18] = DASH;
  const tail = randomBytesFromPool(8);
  writeHex(0x80 | (pool[tail]! & 0x3f), 19); // variant 10xx
  writeHex(pool[tail + 1]!, 21);
  scratch[23] = DASH;
  for (let i = 2; i < 8; i++) writeHex(pool[tail + i]!, 24 + (i - 2) * 2);
  return scratch.toString('latin1', 0, 36);
}

/** W3C trace context ids: 16 random bytes for a trace, 8 for a span. */
export const newTraceId = (): string => hex(16);
export const newSpanId = (): string => hex(8);

/**
 * A W3C `traceparent` with a new span: in the parent's trace, keeping its flags, or in a new sampled
 * trace. `parent` is a checked traceparent (envelopes are validated when they are decoded).
 */
export function newTraceparent(parent: string | undefined): string {
  if (parent?.length === 55) {
    scratch.write(parent, 0, 55, 'latin1');
    scratch.write('00', 0, 'latin1'); // the version this SDK speaks
  } else {
    scratch.write('00-', 0, 'latin1');
    writeRandomHex(16, 3);
    scratch[35] = DASH;
    scratch.write('-01', 52, 'latin1');
  }
  writeRandomHex(8, 36);
  return scratch.toString('latin1', 0, 55);
}

let isoMs = -1;
let iso = '';

/** `new Date().toISOString()`, computed once per millisecond. */
export function nowIso(now = Date.now()): string {
  if (now !== isoMs) {
    isoMs = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}
