/**
 * Streams rows into a table with COPY … FROM STDIN (text format) on a connection of its own: lines are
 * gathered into chunks of about 256 kB and written with the socket's backpressure respected, so that a
 * generator of millions of rows never holds more than a few chunks in memory.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type postgres from 'postgres';

const CHUNK_CHARS = 256 * 1024;

/** NULL in COPY's text format. */
export const NULL = '\\N';

/** A value as COPY's text format needs it: backslash, tab and line breaks escaped. */
export function copyText(value: string | null): string {
  if (value === null) return NULL;
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

export class CopyWriter {
  private chunk = '';
  private failed: Error | null = null;
  rows = 0;

  private constructor(private readonly stream: Writable) {
    // a refused row fails the COPY between two writes: kept here and thrown by the next flush
    stream.on('error', (error: Error) => (this.failed ??= error));
  }

  /** Opens `copy <table> (<columns>) from stdin` on `sql`. */
  static async open(sql: postgres.Sql, table: string, columns: readonly string[]): Promise<CopyWriter> {
    const stream = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
    return new CopyWriter(stream);
  }

  /** One row whose cells are already in COPY text form (see copyText). */
  row(cells: string): void {
    this.chunk += `${cells}\n`;
    this.rows++;
  }

  /** Writes the gathered lines once they fill a chunk; waits while the connection is behind. */
  async flush(force = false): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.chunk.length === 0 || (!force && this.chunk.length < CHUNK_CHARS)) return;
    const text = this.chunk;
    this.chunk = '';
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Sends what is left and ends the COPY; resolves once Postgres has taken every row. */
  async close(): Promise<void> {
    await this.flush(true);
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failed) throw this.failed;
  }

  /** Abandons the COPY (the statement fails and its rows are discarded). */
  abort(error: Error): void {
    this.stream.destroy(error);
  }
}
