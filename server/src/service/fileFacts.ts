import { Syntaxes } from './parse/treeSitter';
import { ServiceSettings } from './settings';
import { analyzeText, pinnedPolicyKind } from './workspace/analyze';
import { FileFacts } from './workspace/facts';

/**
 * A file's facts for the workspace index from its text, the grammars and the settings alone: what
 * `LanguageService.indexFile` records, read where no service is (a worker thread of the indexer),
 * then recorded with `indexFacts`. Plain data: they cross threads as they are.
 */
export function factsOfFile(uri: string, languageId: string, text: string, syntaxes: Syntaxes, settings: ServiceSettings): FileFacts {
  return analyzeText(uri, languageId, text, syntaxes, pinnedPolicyKind(uri, settings.policyKinds)).facts;
}
