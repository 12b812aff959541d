import { minimatch } from 'minimatch';
import { fileURLToPath } from 'url';

/** The file system path of a `file:` URI, or the URI itself for other schemes. */
export function documentPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri).split('\\').join('/');
  } catch {
    return uri;
  }
}

/** A settings glob against a path: globs without a leading `/` or `**` match anywhere below a folder. */
export function matchesGlob(path: string, glob: string): boolean {
  const anchored = glob.startsWith('/') || glob.startsWith('**') ? glob : `**/${glob}`;
  return minimatch(path, anchored, { dot: true, nocase: process.platform === 'win32' });
}
