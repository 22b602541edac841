import { DataSourceError } from '../errors.js';

/**
 * The text encodings the readers accept. `latin1` is ISO-8859-1 exactly (every byte is the
 * code point of the same value), as MovieLens's `u.item` needs; `utf8` and `iso-8859-1` are
 * accepted as aliases.
 */
export type TextEncoding = 'utf-8' | 'utf8' | 'utf-16le' | 'utf-16be' | 'latin1' | 'iso-8859-1';

/** Input of the readers: text already decoded, or the raw bytes of a file. */
export type TextInput = string | Uint8Array;

const ENCODINGS: Record<TextEncoding, 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
};

/**
 * Turns bytes into text. A byte-order mark decides the encoding when there is one (UTF-8,
 * UTF-16 LE or BE) and is removed; otherwise `encoding` is used. UTF-8 is decoded strictly:
 * an invalid byte is a {@link DataSourceError} giving its offset, never a silent U+FFFD.
 * Text that is already a string only loses a leading U+FEFF.
 */
export function decodeText(input: TextInput, encoding: TextEncoding, context: string): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const resolved = ENCODINGS[encoding];
  if (!resolved) {
    throw new DataSourceError(
      `${context}: the encoding '${encoding}' is not supported; expected one of ` +
        `${Object.keys(ENCODINGS).join(', ')}.`,
    );
  }
  const bom = detectBom(input);
  const actual = bom?.encoding ?? resolved;
  const bytes = bom ? input.subarray(bom.length) : input;
  if (actual === 'latin1') return latin1(bytes);
  if (actual === 'utf-8') {
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
      throw new DataSourceError(
        `${context}: the input is not valid UTF-8: byte 0x${bytes[bad].toString(16).padStart(2, '0')} ` +
          `at offset ${bad + (bom?.length ?? 0)} cannot start or continue a character. Pass the ` +
          `file's real encoding, for example { encoding: 'latin1' } for ISO-8859-1.`,
      );
    }
  }
  return new TextDecoder(actual, { ignoreBOM: true }).decode(bytes);
}

function detectBom(
  b: Uint8Array,
): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function latin1(bytes: Uint8Array): string {
  const chunk = 0x8000;
  let out = '';
  for (let i = 0; i < bytes.length; i += chunk) {
    out += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return out;
}

/** The offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
