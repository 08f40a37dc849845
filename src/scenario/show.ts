/**
 * Text from the caller (keys, strings, file names, flags) as it may appear in a message:
 * characters that a terminal would act on or that reorder what is shown (C0 and C1 control
 * characters such as ESC, DEL, the line and paragraph separators, bidirectional marks,
 * embeddings, overrides and isolates such as U+202E, lone surrogates) written as `\uXXXX`,
 * and long text cut, so that a message shows what was given without being steered by it.
 */

/** Longest piece of the caller's text echoed in a message, in characters. */
export const MAX_ECHO = 80;

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with unsafe characters escaped (the line structure of a message is the caller's to keep). */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` cut to `max` characters (then `...` and how many were left out), unsafe characters escaped. */
export function safeText(text: string, max = MAX_ECHO): string {
  const cut = text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
  return escapeUnsafe(cut);
}

/** A string as a quoted, escaped, cut literal for messages: `"pRefferal"`. */
export function quote(text: string, max = MAX_ECHO): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const body = escapeUnsafe(JSON.stringify(cut).slice(1, -1));
  return text.length > max ? `"${body}..." (${text.length} characters)` : `"${body}"`;
}

/** What kind of value this is, in words, without reading it (no getters run, no recursion): `a Date`, `an array`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  if (t === 'function') return 'a function';
  if (t !== 'object') return t === 'undefined' ? 'nothing' : `a ${t}`;
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(value);
  } catch {
    return 'an object';
  }
  if (proto === null || proto === Object.prototype) return 'an object';
  let name: unknown;
  try {
    name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  } catch {
    name = undefined;
  }
  if (typeof name !== 'string' || name === '' || name === 'Object') return 'an object that is not plain data';
  const shown = safeText(name, 40);
  return /^[AEIOU]/.test(shown) ? `an ${shown}` : `a ${shown}`;
}

/** A short, safe rendering of any value for messages (numbers and short strings as they are, the rest by kind). */
export function showAny(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `${quote(value)} (a string)`;
  if (typeof value === 'boolean') return `${value} (a boolean)`;
  if (typeof value === 'bigint') return `${safeText(String(value), 40)}n (a bigint)`;
  if (typeof value === 'symbol') return 'a symbol';
  return kindOf(value);
}
