import { documentPath, languageIdOf } from './workspace/paths';

/** The language ids the service reads documents as (VS Code's names). */
const SERVICE_LANGUAGES = new Set(['json', 'jsonc', 'yaml', 'shellscript', 'terraform']);

/** Other editors' names for those languages: Neovim and Emacs say sh, Helix bash, Emacs hcl. */
const ALIASES: Record<string, string> = { sh: 'shellscript', bash: 'shellscript', hcl: 'terraform' };

/**
 * The language id the service reads an opened document as: the editor's when it is one of ours, else the
 * file extension's (a `.sh` opened as `sh`), else the alias (an extension-less script opened as `bash`).
 */
export function serviceLanguageId(editorLanguageId: string, uri: string): string {
  if (SERVICE_LANGUAGES.has(editorLanguageId)) return editorLanguageId;
  return languageIdOf(documentPath(uri)) ?? ALIASES[editorLanguageId] ?? editorLanguageId;
}
