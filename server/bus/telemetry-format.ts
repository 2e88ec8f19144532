import {
  DEAD_LETTER_CATEGORIES,
  DELIVERY_OUTCOMES,
  type DeadLetterCategory,
  type DeliveryOutcome,
  type DeliveryRecord,
} from '@/server/contracts/envelope';

/**
 * Wire format of the telemetry stream. Each entry holds the records of one consumer:
 * `v`, `group`, `consumer`, `service`, `dropped`, and `records`, a JSON object of columns (one array
 * per field, same length; `outcome` is a string of one-letter codes). Columns because making them
 * costs a few array pushes per delivery and one JSON.stringify per entry, where the v2 format's
 * tab-separated line cost ~1.5 us of string building per delivery (a fifth of consume CPU).
 * Version 2 entries (older SDKs) are still decoded.
 */
export const TELEMETRY_VERSION = '3';

export const OUTCOME_CODE: Record<DeliveryOutcome, string> = {
  handled: 'h',
  failed: 'f',
  retried: 'r',
  'dead-lettered': 'd',
  'ack-refused': 'a',
  // older recorders skip codes they do not know, so a new outcome never breaks them
  duplicate: 's',
};
const OUTCOME_BY_CODE = new Map(DELIVERY_OUTCOMES.map((o) => [OUTCOME_CODE[o], o]));

/** One consumer's records, by column. Durations in microseconds (integers serialize fastest). */
export interface TelemetryColumns {
  outcome: string[];
  topic: string[];
  entryId: string[];
  eventId: (string | null)[];
  type: (string | null)[];
  correlationId: (string | null)[];
  attempt: number[];
  durationUs: (number | null)[];
  category: (DeadLetterCategory | null)[];
  error: (string | null)[];
  at: number[];
}

export const COLUMN_NAMES = [
  'outcome',
  'topic',
  'entryId',
  'eventId',
  'type',
  'correlationId',
  'attempt',
  'durationUs',
  'category',
  'error',
  'at',
] as const satisfies readonly (keyof TelemetryColumns)[];

export function emptyColumns(): TelemetryColumns {
  return {
    outcome: [],
    topic: [],
    entryId: [],
    eventId: [],
    type: [],
    correlationId: [],
    attempt: [],
    durationUs: [],
    category: [],
    error: [],
    at: [],
  };
}

/** Rows [start, end) of the columns. */
export function sliceColumns(columns: TelemetryColumns, start: number, end: number): TelemetryColumns {
  const out = {} as Record<keyof TelemetryColumns, unknown[]>;
  for (const name of COLUMN_NAMES) out[name] = columns[name].slice(start, end);
  return out as unknown as TelemetryColumns;
}

/** The `records` field of an entry. */
export function encodeColumns(columns: TelemetryColumns): string {
  return JSON.stringify({ ...columns, outcome: columns.outcome.join('') });
}

/** Decodes one telemetry stream entry into records; `known` is false for a format it cannot read. */
export function decodeTelemetryEntry(flat: readonly string[]): {
  records: DeliveryRecord[];
  dropped: number;
  known: boolean;
} {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  const head = { group: f.group ?? '', consumer: f.consumer ?? '', service: f.service ?? '' };
  const dropped = Number(f.dropped ?? 0);
  if (f.v === '2') return { records: decodeLines(f.lines ?? '', head), dropped, known: true };
  if (f.v !== TELEMETRY_VERSION) return { records: [], dropped: 0, known: false };
  const records = decodeColumns(f.records ?? '', head);
  return records ? { records, dropped, known: true } : { records: [], dropped: 0, known: false };
}

type Head = Pick<DeliveryRecord, 'group' | 'consumer' | 'service'>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const category = (value: unknown): DeadLetterCategory | null =>
  (DEAD_LETTER_CATEGORIES as readonly unknown[]).includes(value) ? (value as DeadLetterCategory) : null;

/** null when the field is not the columns object (malformed or foreign). */
function decodeColumns(json: string, head: Head): DeliveryRecord[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const c = parsed as Record<string, unknown>;
  if (typeof c.outcome !== 'string') return null;
  const codes = c.outcome;
  const column = (name: string): unknown[] => {
    const value = c[name];
    return Array.isArray(value) ? value : [];
  };
  const [topic, entryId, eventId, type, correlationId, attempt, durationUs, categories, error, at] = [
    column('topic'),
    column('entryId'),
    column('eventId'),
    column('type'),
    column('correlationId'),
    column('attempt'),
    column('durationUs'),
    column('category'),
    column('error'),
    column('at'),
  ];
  const records: DeliveryRecord[] = [];
  for (let i = 0; i < codes.length; i++) {
    const outcome = OUTCOME_BY_CODE.get(codes[i]!);
    if (!outcome) continue;
    const us = finite(durationUs[i]);
    records.push({
      outcome,
      topic: text(topic[i]) ?? '',
      ...head,
      entryId: text(entryId[i]) ?? '',
      eventId: text(eventId[i]),
      type: text(type[i]),
      correlationId: text(correlationId[i]),
      attempt: finite(attempt[i]) ?? 1,
      durationMs: us === null ? null : us / 1_000,
      error: text(error[i]),
      category: category(categories[i]),
      at: finite(at[i]) ?? 0,
    });
  }
  return records;
}

/** Version 2: one tab-separated line per record. */
function decodeLines(lines: string, head: Head): DeliveryRecord[] {
  const records: DeliveryRecord[] = [];
  for (const line of lines.split('\n')) {
    if (!line) continue;
    const [code, topic = '', entryId = '', eventId, type, correlationId, attempt, duration, cat, error, at] =
      line.split('\t');
    const outcome = OUTCOME_BY_CODE.get(code ?? '');
    if (!outcome) continue;
    records.push({
      outcome,
      topic,
      ...head,
      entryId,
      eventId: eventId || null,
      type: type || null,
      correlationId: correlationId || null,
      attempt: Number(attempt ?? 1),
      durationMs: duration ? Number(duration) : null,
      error: error || null,
      category: category(cat),
      at: Number(at ?? 0),
    });
  }
  return records;
}
