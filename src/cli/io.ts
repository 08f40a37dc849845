/** Reading scenario files and writing outputs for the CLI, with errors that name the file. */

import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Reads a file, or standard input for `-`. */
export function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new UsageError(`${path === '-' ? 'standard input' : path}: cannot read (${why})`);
  }
}

/** Parses JSON text, naming the file and the position on error. */
export function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name}: not valid JSON (${(e as Error).message})`);
  }
}

export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`--out ${path}: cannot write (${(e as Error).message})`);
  }
}
