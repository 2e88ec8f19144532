import { z } from 'zod';
import { MaskInfo } from './masking';

/**
 * What the API and the live tail send of an event's payload: a preview, never the whole of a large one.
 * The whole payload is a separate, streamed download (`GET /api/events/{id}/payload`).
 */
export const PayloadPreview = z.object({
  /** The payload's JSON text from its start, cut (at a character boundary) to the preview budget. */
  text: z.string(),
  /** Bytes of the whole JSON text (UTF-8): what the download sends. */
  sizeBytes: z.number().int().nonnegative(),
  /** `text` is not the whole payload. */
  truncated: z.boolean(),
  /** Present when values were masked for the caller; `text` then holds `***` in their place. */
  masked: MaskInfo.optional(),
});
export type PayloadPreview = z.infer<typeof PayloadPreview>;

/** Default of EVENTLENS_PAYLOAD_PREVIEW_BYTES: the most payload one response or frame carries. */
export const DEFAULT_PAYLOAD_PREVIEW_BYTES = 256 * 1024;

/** Which stored part of an event a download sends: `data`, or the entry's raw fields. */
export const PAYLOAD_PARTS = ['data', 'rawFields'] as const;
export type PayloadPart = (typeof PAYLOAD_PARTS)[number];

/** Bytes a UTF-16 code unit (or a surrogate pair, counted on its high half) takes inside a JSON string. */
function escapedBytes(text: string, i: number): { bytes: number; units: number } {
  const c = text.charCodeAt(i);
  if (c === 0x22 || c === 0x5c) return { bytes: 2, units: 1 };
  if (c < 0x20)
    return { bytes: c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 2 : 6, units: 1 };
  if (c < 0x80) return { bytes: 1, units: 1 };
  if (c < 0x800) return { bytes: 2, units: 1 };
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    // a pair is 4 UTF-8 bytes; a lone surrogate is escaped as \udxxx
    return next >= 0xdc00 && next <= 0xdfff ? { bytes: 4, units: 2 } : { bytes: 6, units: 1 };
  }
  if (c >= 0xdc00 && c <= 0xdfff) return { bytes: 6, units: 1 };
  return { bytes: 3, units: 1 };
}

/**
 * The longest start of `text` that takes at most `budget` bytes once sent as a JSON string (UTF-8,
 * quotes and backslashes escaped), so that a preview's cost on the wire is what the cap says,
 * whatever the payload holds. Never splits a surrogate pair.
 */
export function cutToBudget(text: string, budget: number): string {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const { bytes, units } = escapedBytes(text, i);
    if (used + bytes > budget) break;
    used += bytes;
    i += units;
  }
  return i === text.length ? text : text.slice(0, i);
}

/**
 * The preview in the head of a payload's text: `head` is its first `budget + 1` characters or fewer,
 * enough to fill the budget and to see whether there is more.
 */
export function cutHead(head: string, budget: number): { text: string; truncated: boolean } {
  const text = cutToBudget(head, budget);
  return { text, truncated: text.length < head.length };
}

/** cutHead with the whole text's size: what the API sends of a payload. */
export function previewFromHead(head: string, budget: number, sizeBytes: number): PayloadPreview {
  return { ...cutHead(head, budget), sizeBytes };
}
