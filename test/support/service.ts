import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, LanguageService, loadResources, ServiceSettings } from '../../server/src/service';

let counter = 0;

/** A fresh language service over the real catalogue and grammars (loaded once per test process). */
export async function service(settings: Partial<ServiceSettings> = {}): Promise<LanguageService> {
  return createLanguageService(await loadResources(), { ...DEFAULT_SETTINGS, ...settings });
}

export function document(text: string, languageId = 'json', uri?: string): TextDocument {
  return TextDocument.create(uri ?? `file:///test/doc${++counter}.${languageId === 'yaml' ? 'yaml' : 'json'}`, languageId, 1, text);
}

/**
 * Fixture text with the expected ranges marked «like this»: returns the text without the
 * markers and the marked ranges as offsets.
 */
export function marked(source: string): { text: string; ranges: { start: number; end: number }[] } {
  const ranges: { start: number; end: number }[] = [];
  let text = '';
  let open = -1;
  for (const ch of source) {
    if (ch === '«') open = text.length;
    else if (ch === '»') {
      ranges.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  return { text, ranges };
}

/** What a user sees of a diagnostic, compact enough for deepStrictEqual. */
export interface Seen {
  code: string;
  start: number;
  end: number;
}

export async function validate(text: string, languageId = 'json', settings?: Partial<ServiceSettings>): Promise<Diagnostic[]> {
  return (await service(settings)).validate(document(text, languageId));
}

/** Validates marked text and returns each diagnostic as code + offsets, for comparison with the marks. */
export async function seen(
  source: string,
  languageId = 'json',
  settings?: Partial<ServiceSettings>,
): Promise<{ actual: Seen[]; expected: { start: number; end: number }[]; diagnostics: Diagnostic[] }> {
  const { text, ranges } = marked(source);
  const doc = document(text, languageId);
  const diagnostics = (await service(settings)).validate(doc);
  const actual = diagnostics.map((d) => ({ code: String(d.code), start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) }));
  return { actual, expected: ranges, diagnostics };
}

/**
 * Asserts that `code` is reported exactly on the ranges marked «…» in `source` (other codes are
 * another family's business and are ignored).
 */
export async function expectCode(source: string, code: string, settings?: Partial<ServiceSettings>): Promise<Diagnostic[]> {
  const { actual, expected, diagnostics } = await seen(source, 'json', settings);
  const mine = actual.filter((a) => a.code === code);
  assert.deepEqual(
    mine,
    expected.map((r) => ({ code, ...r })),
    `${code} on ${JSON.stringify(marked(source).text)}`,
  );
  return diagnostics.filter((d) => d.code === code);
}

/** Asserts that `code` is not reported on `text` (the fixed twin of a bad case). */
export async function expectNo(text: string, code: string, settings?: Partial<ServiceSettings>): Promise<void> {
  const diagnostics = await validate(text, 'json', settings);
  assert.deepEqual(
    diagnostics.filter((d) => d.code === code).map((d) => d.message),
    [],
    `no ${code} on ${JSON.stringify(text)}`,
  );
}
