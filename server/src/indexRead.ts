import { readFileSync, statSync } from 'fs';
import { unreadableReason } from './fileWalk';
import { describeSize, MAX_DOCUMENT_LENGTH } from './service';

/** Larger files are not read into the index: no policy, manifest or template is that big (the service parses no larger text). */
export const MAX_INDEXED_BYTES = MAX_DOCUMENT_LENGTH;

/** A file's text, with whether it was not UTF-8 (read with U+FFFD for its bad bytes); or why it was not read, when worth a line in the log. */
export type Read = { readonly text: string; readonly notUtf8?: true } | { readonly skipped: string | undefined };

// Fatal: a file that is not UTF-8 is still read (with U+FFFD for its bad bytes), and said to be so.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LENIENT_UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Reads a file of the walk for the index. Synchronously: a small file costs a few microseconds so,
 * where a promise read costs five times more in round trips through libuv's pool; the indexer calls
 * it in a worker thread, or between slices of the main thread's time.
 */
export function readForIndex(file: string): Read {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { skipped: undefined };
    if (stat.size > MAX_INDEXED_BYTES) return { skipped: `it is ${describeSize(stat.size)}, over the ${describeSize(MAX_INDEXED_BYTES)} iam-irsa reads` };
    const bytes = readFileSync(file);
    try {
      return { text: UTF8.decode(bytes) };
    } catch {
      return { text: LENIENT_UTF8.decode(bytes), notUtf8: true };
    }
  } catch (error) {
    return { skipped: unreadableReason(error) };
  }
}

export const NOT_UTF8 = 'is not valid UTF-8: indexed with U+FFFD in place of the invalid bytes';
