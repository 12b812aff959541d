import { parseDocument } from '../parse/document';
import { buildPolicy, Policy } from '../parse/policy';
import { Syntaxes } from '../parse/treeSitter';
import { analyzeDocument } from './analyze';
import { languageIdOf } from './paths';

/**
 * The documents of the policies a role's definition points at, as the permission model reads them:
 * a whole policy file (`file://policy.json`), or the identity policies written inside a file (a
 * CloudFormation template, a script, an eksctl config). Ranges are the file's own offsets.
 */
export interface PolicyDocuments {
  /** The policy of a policy file; undefined when the file is not known or not a policy. */
  file(uri: string): Policy | undefined;
  /** The identity policies written inside a role-definition source, in the order of the file. */
  embedded(uri: string): readonly Policy[];
}

/**
 * `PolicyDocuments` over the files' texts, however the caller has them (open documents, the disk as
 * the adapter reads it): each text parsed once, again only when it changes.
 */
export class TextPolicyDocuments implements PolicyDocuments {
  private readonly parsed = new Map<string, { text: string; file?: Policy; embedded?: readonly Policy[] }>();

  constructor(
    private readonly read: (uri: string) => string | undefined,
    private readonly syntaxes: Syntaxes,
  ) {}

  file(uri: string): Policy | undefined {
    const entry = this.entry(uri);
    if (!entry) return undefined;
    if (!('file' in entry)) {
      const parsed = parseDocument(entry.text, this.languageOf(uri));
      entry.file = parsed.kind === 'policy' ? parsed.policy : undefined;
    }
    return entry.file;
  }

  embedded(uri: string): readonly Policy[] {
    const entry = this.entry(uri);
    if (!entry) return [];
    if (!entry.embedded) {
      const languageId = this.languageOf(uri);
      const parsed = parseDocument(entry.text, languageId);
      const analysis = parsed.kind === 'other' ? analyzeDocument(parsed, { uri, text: entry.text, languageId, syntaxes: this.syntaxes }) : undefined;
      entry.embedded = (analysis?.policies ?? []).filter((p) => p.kind === 'identity').map((p) => buildPolicy(p.policy.root));
    }
    return entry.embedded;
  }

  private entry(uri: string): { text: string; file?: Policy; embedded?: readonly Policy[] } | undefined {
    const text = this.read(uri);
    if (text === undefined) return undefined;
    let entry = this.parsed.get(uri);
    if (entry?.text !== text) this.parsed.set(uri, (entry = { text }));
    return entry;
  }

  private languageOf(uri: string): string {
    // Scripts and Terraform are told apart by their extension; anything else is read as JSON or YAML by content.
    return languageIdOf(uri.replace(/[?#].*$/, '')) ?? 'plaintext';
  }
}
