import { isUtf8 } from 'node:buffer';

/** How deeply objects and arrays may nest in a request body; no endpoint takes more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** The offset of the first byte of `bytes` that is not well-formed UTF-8, or -1 when all of it is. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // The length of the sequence, and the range of its second byte (RFC 3629, table 3-7 of Unicode):
    // no overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > bytes.length) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}

export type JsonTextProblem =
  | { kind: 'too-deep'; offset: number }
  | { kind: 'lone-surrogate'; offset: number; escape: string };

const BACKSLASH = 0x5c;
const QUOTE = 0x22;

/** The UTF-16 code unit of the four hex digits at `at`, or -1 when they are not four hex digits. */
function hex4(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) return -1;
  let unit = 0;
  for (let k = 0; k < 4; k++) {
    const c = bytes[at + k];
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Reads JSON text (UTF-8 bytes) once, without parsing it, for what JSON.parse lets through but the API
 * must not: objects and arrays nested more than `maxDepth` levels (walking those later overflows the
 * stack), and `\uXXXX` escapes of a lone UTF-16 surrogate (half a character, which PostgreSQL would
 * store as U+FFFD). Brackets and escapes inside strings are told apart from structure. Syntax errors
 * are left to JSON.parse.
 */
export function findJsonTextProblem(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): JsonTextProblem | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === QUOTE) inString = false;
      else if (c === BACKSLASH) {
        if (bytes[i + 1] !== 0x75 /* u */) {
          i += 1; // \" \\ \n …: the next byte is escaped
          continue;
        }
        const unit = hex4(bytes, i + 2);
        if (isHigh(unit)) {
          const next = bytes[i + 6] === BACKSLASH && bytes[i + 7] === 0x75 ? hex4(bytes, i + 8) : -1;
          if (!isLow(next)) return { kind: 'lone-surrogate', offset: i, escape: Buffer.from(bytes.subarray(i, i + 6)).toString('latin1') };
          i += 11;
        } else if (isLow(unit)) {
          return { kind: 'lone-surrogate', offset: i, escape: Buffer.from(bytes.subarray(i, i + 6)).toString('latin1') };
        } else i += unit < 0 ? 1 : 5; // not four hex digits: a syntax error, JSON.parse's to name
      }
    } else if (c === QUOTE) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      if (depth > maxDepth) return { kind: 'too-deep', offset: i };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth -= 1;
  }
  return null;
}
