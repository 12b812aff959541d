import { promises as fs } from 'fs';
import * as path from 'path';
import { languageIdOf, matchesGlob } from './service';

/** Folders that never hold a user's policies or manifests, and are large. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.terraform', '.venv', '__pycache__']);

export interface WalkOptions {
  /** Globs of files (and, for `…/**`, folders) to leave out. */
  readonly exclude: readonly string[];
}

/**
 * Every file iam-irsa reads below a folder (by extension), without the skipped and excluded ones.
 * Symbolic links to folders are not followed, so a link loop cannot hang the walk; a folder that
 * vanishes while being walked is skipped.
 */
export async function walkFiles(directory: string, options: WalkOptions, found: Set<string> = new Set()): Promise<Set<string>> {
  const entries = await fs.readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.resolve(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !excludesEverythingBelow(full, options.exclude)) await walkFiles(full, options, found);
    } else if (languageIdOf(entry.name) && (entry.isFile() || (await isLinkToFile(full))) && !isExcluded(full, options.exclude)) {
      found.add(full);
    }
  }
  return found;
}

export function isExcluded(file: string, exclude: readonly string[]): string | undefined {
  return exclude.find((glob) => matchesGlob(toSlashes(file), glob));
}

/** `vendor/**` and the like: a folder whose every file would be excluded is not walked at all. */
function excludesEverythingBelow(directory: string, exclude: readonly string[]): boolean {
  return exclude.some((glob) => glob.endsWith('/**') && matchesGlob(toSlashes(directory), glob.slice(0, -3)));
}

async function isLinkToFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() === true;
}

export function toSlashes(file: string): string {
  return file.split(path.sep).join('/');
}
