import { Dirent, readdirSync, realpathSync, statSync } from 'fs';
import * as path from 'path';
import { languageIdOf, matchesGlob } from './service';
import { TimeSlices } from './timeSlices';

/** Folders that never hold a user's policies or manifests, and are large. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.terraform', '.venv', '__pycache__']);

export interface WalkOptions {
  /** Globs of files (and, for `…/**`, folders) to leave out. */
  readonly exclude: readonly string[];
  /** Told of each file of ours left out because it cannot be read: a dangling link, a link loop. */
  readonly unreadable?: (file: string, reason: string) => void;
  /** The real path of the folder walked: a link whose target lies outside it is not followed (nor its target touched). */
  readonly within?: string;
}

/**
 * Every file iam-irsa reads below a folder (by extension), without the skipped and excluded ones.
 * Symbolic links to folders are not followed, so a link loop cannot hang the walk; a folder that
 * vanishes while being walked is skipped. The folders are read synchronously (a readdir costs
 * microseconds, a promise's round trip through libuv's pool several times that), the event loop let
 * through every few milliseconds so that requests are answered meanwhile.
 */
export async function walkFiles(directory: string, options: WalkOptions, found: Set<string> = new Set()): Promise<Set<string>> {
  // Depth first, each folder's entries in their order, a folder's files after those of the folders listed before them.
  const stack: { readonly folder: string; readonly entries: Dirent[]; next: number }[] = [];
  const enter = (folder: string) => stack.push({ folder, entries: readFolder(folder), next: 0 });
  enter(path.resolve(directory));
  const slices = new TimeSlices();
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next === top.entries.length) {
      stack.pop();
      continue;
    }
    const entry = top.entries[top.next++];
    const full = top.folder.endsWith(path.sep) ? top.folder + entry.name : top.folder + path.sep + entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !excludesEverythingBelow(full, options.exclude)) enter(full);
    } else if (languageIdOf(entry.name) && !isExcluded(full, options.exclude)) {
      if (entry.isFile()) found.add(full);
      else if (entry.isSymbolicLink()) followLink(full, options, found);
    }
    if (slices.due()) await slices.pause();
  }
  return found;
}

function readFolder(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

export function isExcluded(file: string, exclude: readonly string[]): string | undefined {
  return exclude.find((glob) => matchesGlob(toSlashes(file), glob));
}

/** `vendor/**` and the like: a folder whose every file would be excluded is not walked at all. */
function excludesEverythingBelow(directory: string, exclude: readonly string[]): boolean {
  return exclude.some((glob) => glob.endsWith('/**') && matchesGlob(toSlashes(directory), glob.slice(0, -3)));
}

/** A link to a file is read as the file; a link that leads nowhere or out of the folder is reported, one to a folder or a pipe is not read. */
function followLink(file: string, options: WalkOptions, found: Set<string>): void {
  try {
    const real = realpathSync.native(file);
    if (options.within !== undefined && !isInside(real, options.within)) {
      options.unreadable?.(file, `it is a link to ${real}, outside the workspace folder`);
      return;
    }
    if (statSync(real).isFile()) found.add(file);
  } catch (error) {
    options.unreadable?.(file, unreadableReason(error));
  }
}

/** Why a file could not be read, in words: ENOENT and the like are for logs, not for people. */
export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it no longer exists (deleted while being read, or a link to nothing)';
    case 'ELOOP':
      return 'it is a loop of symbolic links';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return code ?? String(error);
  }
}

/** Whether `file` is `folder` or below it (both absolute, compared as written). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative));
}

export function toSlashes(file: string): string {
  return file.split(path.sep).join('/');
}
