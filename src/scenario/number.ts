/**
 * The one reader of numbers written as text (command-line flags, `--set` and `--target`
 * values, the explorer's links): a decimal number as JSON writes it, `-0.5`, `12`, `1e6`, and
 * nothing else: no hexadecimal (`0x10`), binary or octal, no `Infinity`, no blanks around it,
 * no leading `+` or `.5`, nothing that is not finite (`1e999`).
 */

/** A decimal number as JSON writes it. */
export const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The number `text` writes, or undefined when it is not one (see above). */
export function readNumber(text: string): number | undefined {
  if (!JSON_NUMBER.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
