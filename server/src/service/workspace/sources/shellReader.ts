import { buildPolicy } from '../../parse/policy';
import {
  ManagedPolicyFact,
  NO_FACTS,
  PermissionReference,
  PolicyFileReference,
  RoleDefinition,
  RoleReference,
  ServiceAccountFact,
  TrustPolicyFacts,
} from '../facts';
import { trustFactsOf } from '../trustFacts';
import { PolicyInText } from './policyText';
import { readShellDocument, ShellDocument } from './shellDocuments';
import { Invocation } from './shellScript';
import { Word } from './shellWords';
import { resolveReference, SourceExtraction, SourceInput, SourcePolicy } from './source';

/** A policy document option: a file of the workspace, a document the script wrote, or one written in the option. */
export type Document = { kind: 'file'; uri: string; range: Word['content'] } | { kind: 'embedded'; read: PolicyInText; range: Word['content'] };

/** What the script's commands contribute, gathered across them: roles by name, policies made by `create-policy`. */
export class ScriptReader {
  readonly roles = new Map<string, { role: RoleDefinition; permissions: PermissionReference[] }>();
  readonly references: RoleReference[] = [];
  readonly serviceAccounts: ServiceAccountFact[] = [];
  readonly policyFiles: PolicyFileReference[] = [];
  readonly policies: SourcePolicy[] = [];
  readonly trustPolicies: TrustPolicyFacts[] = [];
  /** `create-policy --policy-name`: lower-cased name → the customer managed policy. */
  readonly created = new Map<string, ManagedPolicyFact>();
  /** Documents read, by where their text is: a heredoc used through a file or a variable by several commands is read once. */
  private readonly documents = new Map<string, PolicyInText | undefined>();
  /** A document used as trust by several commands (create-role, update-assume-role-policy) is one trust policy. */
  private readonly trusts = new Map<PolicyInText, TrustPolicyFacts>();

  constructor(readonly input: SourceInput) {}

  /** The facts and policies read, once every command is. */
  extraction(): SourceExtraction {
    const { roles, references, serviceAccounts, trustPolicies, policyFiles } = this;
    return {
      source: 'aws-cli',
      facts: {
        ...NO_FACTS,
        roles: [...roles.values()].map((e) => ({ ...e.role, permissions: e.permissions })),
        references,
        serviceAccounts,
        trustPolicies,
        policyFiles,
        ...(this.created.size ? { managedPolicies: [...this.created.values()] } : {}),
      },
      policies: this.policies,
    };
  }

  /** The role of that name, made on first mention. */
  roleNamed(word: Word | undefined, source: RoleDefinition['source'] = 'aws-cli') {
    const name = word?.value;
    if (!name || !word) return undefined;
    let entry = this.roles.get(name.toLowerCase());
    if (!entry) {
      entry = { role: { source, name, label: name, path: '/', account: undefined, range: word.content, trust: undefined, permissions: [] }, permissions: [] };
      this.roles.set(name.toLowerCase(), entry);
    }
    return entry;
  }

  /**
   * `file://` (another file, or one this script wrote before) or the JSON itself. A document written
   * by the script is checked in place; the workspace's file of the same path is then not this use's.
   */
  documentOf(invocation: Invocation, word: Word | undefined, kind: 'trust' | 'identity'): Document | undefined {
    if (!word) return undefined;
    if (word.partial.startsWith('file://')) {
      if (word.value === undefined) return undefined;
      const uri = resolveReference(this.input.uri, word.value.slice('file://'.length));
      const written = invocation.written(uri);
      if (written === null) return undefined;
      if (written) {
        const read = this.policyIn(written, kind);
        return read && { kind: 'embedded', read, range: written.range };
      }
      this.policyFiles.push({ uri, kind, range: word.content });
      return { kind: 'file', uri, range: word.content };
    }
    const read = this.policyIn({ pieces: word.pieces, range: word.content }, kind);
    return read && { kind: 'embedded', read, range: word.content };
  }

  /** A document read once, and given to the engine once, with the kind of its first use. */
  private policyIn(document: ShellDocument, kind: 'trust' | 'identity'): PolicyInText | undefined {
    const { pieces, range } = document;
    const key = pieces.length === 0 ? `${range.start}:${range.end}` : `${pieces[0].start}:${pieces[pieces.length - 1].end}:${pieces.length}`;
    if (this.documents.has(key)) return this.documents.get(key);
    const read = readShellDocument(document);
    this.documents.set(key, read);
    if (read?.validated) this.policies.push({ policy: read.validated, kind });
    return read;
  }

  trustOf(document: Document): RoleDefinition['trust'] {
    if (document.kind === 'file') return { kind: 'file', uri: document.uri, range: document.range };
    let policy = this.trusts.get(document.read);
    if (!policy) {
      policy = trustFactsOf(buildPolicy(document.read.root), this.input.text);
      this.trusts.set(document.read, policy);
      this.trustPolicies.push(policy);
    }
    return { kind: 'embedded', policy };
  }

  /**
   * A managed policy ARN: the policy this script made with `create-policy` when the ARN's name
   * resolves to its name (`arn:aws:iam::${ACCOUNT_ID}:policy/${POLICY_NAME}`), else the ARN as written.
   */
  managed(arn: Word): PermissionReference {
    const name = /:policy\/(?:.*\/)?([^/]+)$/.exec(arn.partial)?.[1];
    const created = name !== undefined && !name.includes('${') ? this.created.get(name.toLowerCase()) : undefined;
    if (created) return { kind: 'managed', label: created.name ?? created.label, range: arn.content, ...documentOf(created) };
    return { kind: 'managed', label: arn.value ?? arn.partial, range: arn.content };
  }

  /** `create-policy --policy-name N [--path P] --policy-document D`: the customer managed policy `arn:aws:iam::ACCOUNT:policy/PN`. */
  createPolicy(name: Word | undefined, path: Word | undefined, document: Document | undefined): void {
    if (name?.value === undefined) return;
    const root = document?.kind === 'embedded' ? document.read.validated?.root : undefined;
    this.created.set(name.value.toLowerCase(), {
      name: name.value,
      label: name.value,
      path: path?.value ?? '/',
      range: name.content,
      ...(document?.kind === 'file' ? { uri: document.uri } : root ? { document: { start: root.offset, end: root.offset + root.length } } : {}),
    });
  }
}

/** Where a policy made by the script has its document: a file, or its range in the script. */
function documentOf(policy: ManagedPolicyFact): { uri?: string; document?: ManagedPolicyFact['document'] } {
  return policy.uri ? { uri: policy.uri } : policy.document ? { document: policy.document } : {};
}
