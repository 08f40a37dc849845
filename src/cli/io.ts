/** Reading scenario files and writing outputs for the CLI, with errors that name the file. */

import { readFileSync, writeFileSync } from 'node:fs';
import { safeText } from '../scenario/show.js';
import { UsageError } from './errors.js';

/** What a file or standard input is called in messages. */
export function inputName(path: string): string {
  return path === '-' ? 'standard input' : safeText(path);
}

/** Reads a file, or standard input for `-` (from `stdin` when given: tests drive the CLI in-process). */
export function readInput(path: string, stdin?: () => string): string {
  try {
    if (path === '-' && stdin) return stdin();
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : safeText(String(err.message));
    throw new UsageError(`${inputName(path)}: cannot read (${why})`);
  }
}

/**
 * Parses JSON text, naming the file and the position on error. A UTF-8 byte-order mark at the
 * start (editors on some systems write one) is not part of the JSON and is skipped.
 */
export function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${name}: not valid JSON (${safeText((e as Error).message, 200)})`);
  }
}

export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`--out ${safeText(path)}: cannot write (${safeText((e as Error).message, 200)})`);
  }
}
