import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/parse/document';
import { Syntaxes } from '../../server/src/service/parse/treeSitter';
import { analyzeParsed } from '../../server/src/service/workspace/analyze';
import { FileFacts } from '../../server/src/service/workspace/facts';
import { mayHoldFacts } from '../../server/src/service/workspace/relevance';

/** Whether facts hold anything: a role, a ServiceAccount, a trust, a kustomization, a folder value… */
export function hasFacts(facts: FileFacts): boolean {
  return Object.values(facts).some((value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false));
}

/** A file's facts read the long way: parsed whatever its text, as an open document is. */
export function factsParsed(uri: string, languageId: string, text: string, syntaxes: Syntaxes): FileFacts {
  return analyzeParsed(parseDocument(text, languageId), { uri, languageId, text, syntaxes }, undefined).facts;
}

/**
 * The indexer's prefilter lets every file through that holds facts: asserted of every fixture a test
 * workspace indexes, so that a reader learning to read a new key cannot be silently starved by it.
 */
export function assertPrefilterAdmits(uri: string, languageId: string, text: string, syntaxes: Syntaxes): void {
  if (mayHoldFacts(uri, languageId, text)) return;
  const facts = factsParsed(uri, languageId, text, syntaxes);
  assert.ok(!hasFacts(facts), `${uri} holds facts but the indexer's prefilter (workspace/relevance.ts) skips it: ${JSON.stringify(facts).slice(0, 300)}`);
}
