import { minimatch } from 'minimatch';
import { fileURLToPath } from 'url';

/** The file system path of a `file:` URI, or the URI itself for other schemes. */
export function documentPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  let path = paths.get(uri);
  if (path === undefined) {
    try {
      path = fileURLToPath(uri).split('\\').join('/');
    } catch {
      path = uri;
    }
    // Asked on every keystroke (settings globs); a bounded memo, emptied when full.
    if (paths.size >= 10_000) paths.clear();
    paths.set(uri, path);
  }
  return path;
}

const paths = new Map<string, string>();

/** A URI or a part of one, %-escapes decoded; as written when they are not escapes (a stray `%` in a typed path). */
export function decodedUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A settings glob against a path: globs without a leading `/` or `**` match anywhere below a folder. */
export function matchesGlob(path: string, glob: string): boolean {
  const anchored = glob.startsWith('/') || glob.startsWith('**') ? glob : `**/${glob}`;
  return minimatch(path, anchored, { dot: true, nocase: process.platform === 'win32' });
}

/** The languages iam-irsa reads, by file extension, for files that are not open in an editor. */
const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  // CloudFormation's own extension: YAML is a superset of JSON, so both forms parse.
  '.template': 'yaml',
  '.sh': 'shellscript',
  '.bash': 'shellscript',
  '.tf': 'terraform',
  // terraform.tfvars and *.auto.tfvars give their folder's variables their values.
  '.tfvars': 'terraform',
};

/** The language id of a file by its name, or undefined for files iam-irsa does not read. */
export function languageIdOf(path: string): string | undefined {
  // Kustomize's extension-less name for a kustomization.yaml.
  if (/(^|[/\\])Kustomization$/.test(path)) return 'yaml';
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : LANGUAGE_BY_EXTENSION[path.slice(dot).toLowerCase()];
}
