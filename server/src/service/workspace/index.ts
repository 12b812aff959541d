import { serviceAccountOfSubject } from '../catalog/oidc';
import { OffsetRange } from '../parse/range';
import { FileFacts, FolderValueFact, RoleDefinition, RoleReference, ServiceAccountFact, TrustPolicyFacts, ValueTemplate } from './facts';
import { Kustomizations, withNamespace } from './kustomize';
import { folderLookup, folderOf, resolveFacts } from './sources/terraformValues';

/** A zero-based line and character, as LSP counts them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface IndexedFile {
  readonly uri: string;
  /** The facts other files see: Terraform templates substituted with the folder's values. */
  readonly facts: FileFacts;
  /** The facts as the file's extractor read them. */
  readonly raw: FileFacts;
  /** Offsets of the line starts, to turn the facts' offsets into positions without the text. */
  readonly lineStarts: Uint32Array;
  /** The facts without their ranges: what other files depend on (worked out when first compared, see `signatureOf`). */
  signature?: string;
}

/** A fact together with the file that holds it. */
export interface Located<T> {
  readonly uri: string;
  readonly fact: T;
}

/** `arn:<partition>:iam::<account>:role/<path/>name`, taken apart. */
export interface RoleArn {
  readonly partition: string;
  readonly account: string;
  /** `/` or `/team/…/`. */
  readonly path: string;
  readonly name: string;
}

const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role(\/(?:[^/]+\/)*)?([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): RoleArn | undefined {
  const match = ROLE_ARN.exec(arn.trim());
  if (!match) return undefined;
  return { partition: match[1], account: match[2], path: match[3] ?? '/', name: match[4] };
}

/**
 * Every file's facts, kept current as files are opened, edited, changed on disk or deleted, with the
 * lookups the cross-file checks and navigation make on each keystroke (by role name, by
 * ServiceAccount, by referenced policy file) maintained incrementally.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly rolesByName = new Map<string, Set<string>>();
  private readonly accountsByKey = new Map<string, Set<string>>();
  private readonly policyFileUses = new Map<string, Set<string>>();
  private readonly referencesByRoleName = new Map<string, Set<string>>();
  /** Files whose trust policies name a ServiceAccount exactly (`ns/name` → files), and those with patterns. */
  private readonly trustSubjects = new Map<string, Set<string>>();
  private readonly patternTrusts = new Set<string>();
  /** Files with role-arn values that are templates (linked by subject). */
  private readonly templateReferenceFiles = new Set<string>();
  /** Kustomize: the namespace a kustomization gives the manifests it lists. */
  private readonly kustomizations = new Kustomizations();
  private roleCount = 0;
  /** Terraform: the files of each folder that give values or hold templates, and each folder's lookup of its values. */
  private readonly terraformFolders = new Map<string, Set<string>>();
  private readonly lookups = new Map<string, (template: ValueTemplate) => string | undefined>();
  /** Bumped on every change, so that derived results can be cached per generation. */
  private generationCount = 0;

  get generation(): number {
    return this.generationCount;
  }

  get size(): number {
    return this.files.size;
  }

  /**
   * Records a file's facts. Returns whether what other files see of it changed: not on an edit that
   * only moves text (ranges shift on every keystroke; names, ARNs and subjects do not).
   */
  set(uri: string, facts: FileFacts, text: string): boolean {
    const old = this.files.get(uri);
    // Line starts turn the facts' offsets into positions: a file without facts (most policies) needs none.
    const lineStarts = Object.values(facts).some((value: unknown) => Array.isArray(value) && value.length > 0) ? lineStartsOf(text) : FIRST_LINE;
    let changed = this.store(uri, facts, lineStarts);
    if (!sameValues(old?.raw.folderValues, facts.folderValues)) changed = this.refreshFolder(uri) || changed;
    // A kustomization changed: the manifests it lists (now or before) are re-read with their namespace.
    if (this.restoreListed(uri, facts)) this.generationCount++;
    if (changed) this.generationCount++;
    return changed;
  }

  /** Stores again the files a kustomization lists (before and after a change); whether any changed. */
  private restoreListed(uri: string, facts: FileFacts | undefined): boolean {
    let changed = false;
    for (const listed of this.kustomizations.update(uri, facts?.kustomization)) {
      const file = this.files.get(listed);
      if (file && listed !== uri) changed = this.store(listed, file.raw, file.lineStarts) || changed;
    }
    return changed;
  }

  /** Records a file's facts, its templates resolved; whether what other files see of it changed. */
  private store(uri: string, raw: FileFacts, lineStarts: Uint32Array): boolean {
    const folder = folderOf(uri);
    if (raw.symbolic || raw.folderValues?.length) addTo(this.terraformFolders, folder, uri);
    else removeFrom(this.terraformFolders, folder, uri);
    const resolved = raw.symbolic ? resolveFacts(raw, this.lookup(folder)) : raw;
    // Kustomize: a kustomization's namespace for the manifests it lists that set none.
    const facts = withNamespace(resolved, this.kustomizations.namespaceFor(uri));
    const file: IndexedFile = { uri, facts, raw, lineStarts };
    // A file new to the index changed it: its signature is worked out only if it is stored again.
    const old = this.files.get(uri);
    // The same facts stored again (a lint restores each file before checking it) are the same signature: not worked out.
    const changed = old === undefined || (old.facts !== facts && signatureOf(old) !== signatureOf(file));
    this.unlink(uri);
    this.files.set(uri, file);
    for (const role of facts.roles) if (role.name) addTo(this.rolesByName, role.name.toLowerCase(), uri);
    for (const sa of facts.serviceAccounts) addTo(this.accountsByKey, serviceAccountKey(sa.namespace, sa.name), uri);
    for (const reference of facts.policyFiles) addTo(this.policyFileUses, reference.uri, uri);
    for (const reference of facts.references) {
      const name = parseRoleArn(reference.arn)?.name;
      if (name) addTo(this.referencesByRoleName, name.toLowerCase(), uri);
      if (reference.template) this.templateReferenceFiles.add(uri);
    }
    for (const { exact } of subjectsOf(facts)) {
      if (exact) addTo(this.trustSubjects, exact, uri);
      else this.patternTrusts.add(uri);
    }
    this.roleCount += facts.roles.length;
    return changed;
  }

  /** The values of a file's folder changed: the folder's templates are resolved again. */
  private refreshFolder(uri: string): boolean {
    const folder = folderOf(uri);
    this.lookups.delete(folder);
    let changed = false;
    for (const other of this.terraformFolders.get(folder) ?? []) {
      const file = this.files.get(other);
      if (file?.raw.symbolic) changed = this.store(other, file.raw, file.lineStarts) || changed;
    }
    return changed;
  }

  private lookup(folder: string): (template: ValueTemplate) => string | undefined {
    let lookup = this.lookups.get(folder);
    if (!lookup) {
      const files = [...(this.terraformFolders.get(folder) ?? [])].flatMap((uri) => {
        const values = this.files.get(uri)?.raw.folderValues;
        return values?.length ? [{ uri, values }] : [];
      });
      this.lookups.set(folder, (lookup = folderLookup(files)));
    }
    return lookup;
  }

  delete(uri: string): boolean {
    const old = this.files.get(uri);
    if (!old) return false;
    this.unlink(uri);
    this.files.delete(uri);
    removeFrom(this.terraformFolders, folderOf(uri), uri);
    if (old.raw.folderValues?.length) this.refreshFolder(uri);
    this.restoreListed(uri, undefined);
    this.generationCount++;
    return true;
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  all(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  /** Roles defined under this name (IAM role names are case-insensitive), in any file. */
  rolesNamed(name: string): Located<RoleDefinition>[] {
    const result: Located<RoleDefinition>[] = [];
    for (const uri of this.rolesByName.get(name.toLowerCase()) ?? []) {
      for (const role of this.files.get(uri)?.facts.roles ?? []) if (role.name?.toLowerCase() === name.toLowerCase()) result.push({ uri, fact: role });
    }
    return result;
  }

  hasRoles(): boolean {
    return this.roleCount > 0;
  }

  /** The role ARNs in use (annotations, associations, Helm values) that name a role of this name. */
  referencesTo(name: string): Located<RoleReference>[] {
    const result: Located<RoleReference>[] = [];
    for (const uri of this.referencesByRoleName.get(name.toLowerCase()) ?? []) {
      for (const reference of this.files.get(uri)?.facts.references ?? []) {
        if (parseRoleArn(reference.arn)?.name.toLowerCase() === name.toLowerCase()) result.push({ uri, fact: reference });
      }
    }
    return result;
  }

  /** ServiceAccounts defined in the workspace with this namespace and name. */
  serviceAccounts(namespace: string, name: string): Located<ServiceAccountFact>[] {
    const result: Located<ServiceAccountFact>[] = [];
    for (const uri of this.accountsByKey.get(serviceAccountKey(namespace, name)) ?? []) {
      for (const sa of this.files.get(uri)?.facts.serviceAccounts ?? []) if (sa.namespace === namespace && sa.name === name) result.push({ uri, fact: sa });
    }
    return result;
  }

  hasServiceAccounts(): boolean {
    return this.accountsByKey.size > 0;
  }

  /** The files whose trust policies may admit the ServiceAccount by a `:sub` value: those naming it exactly, and those with patterns. */
  trustFilesFor(namespace: string, name: string): string[] {
    return [...new Set([...(this.trustSubjects.get(serviceAccountKey(namespace, name)) ?? []), ...this.patternTrusts])];
  }

  /** The role-arn values of the workspace that are templates (`${ROLE_ARN}`, `{{ .Values.roleArn }}`). */
  templateReferences(): Located<RoleReference>[] {
    const result: Located<RoleReference>[] = [];
    for (const uri of this.templateReferenceFiles)
      for (const fact of this.files.get(uri)?.facts.references ?? []) if (fact.template) result.push({ uri, fact });
    return result;
  }

  /** How other files use this one as a policy: `trust` when some file names it as an assume-role document. */
  policyUse(uri: string): 'trust' | 'identity' | undefined {
    let use: 'trust' | 'identity' | undefined;
    for (const user of this.policyFileUses.get(uri) ?? []) {
      for (const reference of this.files.get(user)?.facts.policyFiles ?? []) {
        if (reference.uri === uri) use = reference.kind === 'trust' ? 'trust' : (use ?? 'identity');
      }
    }
    return use;
  }

  /** The roles whose trust policy is the file `uri` (named by their definitions) or is embedded in it. */
  rolesTrusting(uri: string): Located<RoleDefinition>[] {
    const result: Located<RoleDefinition>[] = [];
    for (const role of this.files.get(uri)?.facts.roles ?? []) if (role.trust?.kind === 'embedded') result.push({ uri, fact: role });
    for (const user of this.policyFileUses.get(uri) ?? []) {
      for (const role of this.files.get(user)?.facts.roles ?? [])
        if (role.trust?.kind === 'file' && role.trust.uri === uri) result.push({ uri: user, fact: role });
    }
    return result;
  }

  /** The trust policy of a role: embedded in its definition, or the file its definition names. */
  trustOf(role: Located<RoleDefinition>): Located<TrustPolicyFacts> | undefined {
    const trust = role.fact.trust;
    if (!trust) return undefined;
    if (trust.kind === 'embedded') return { uri: role.uri, fact: trust.policy };
    const policy = this.files.get(trust.uri)?.facts.trustPolicies[0];
    return policy ? { uri: trust.uri, fact: policy } : undefined;
  }

  range(uri: string, range: OffsetRange): Range | undefined {
    const file = this.files.get(uri);
    return file ? { start: positionAt(file.lineStarts, range.start), end: positionAt(file.lineStarts, range.end) } : undefined;
  }

  private unlink(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    for (const role of old.facts.roles) if (role.name) removeFrom(this.rolesByName, role.name.toLowerCase(), uri);
    for (const sa of old.facts.serviceAccounts) removeFrom(this.accountsByKey, serviceAccountKey(sa.namespace, sa.name), uri);
    for (const reference of old.facts.policyFiles) removeFrom(this.policyFileUses, reference.uri, uri);
    for (const reference of old.facts.references) {
      const name = parseRoleArn(reference.arn)?.name;
      if (name) removeFrom(this.referencesByRoleName, name.toLowerCase(), uri);
    }
    for (const { exact } of subjectsOf(old.facts)) if (exact) removeFrom(this.trustSubjects, exact, uri);
    this.patternTrusts.delete(uri);
    this.templateReferenceFiles.delete(uri);
    this.roleCount -= old.facts.roles.length;
  }
}

function sameValues(a: readonly FolderValueFact[] | undefined, b: readonly FolderValueFact[] | undefined): boolean {
  return (a?.length ?? 0) === (b?.length ?? 0) && (!a?.length || JSON.stringify(a) === JSON.stringify(b));
}

/** A file's facts without their ranges (what other files depend on), worked out once. */
export function signatureOf(file: IndexedFile): string {
  return (file.signature ??= JSON.stringify(file.facts, (key, value) => (key === 'range' || key === 'start' || key === 'end' ? undefined : value)));
}

/** Each `:sub` value of the file's trust policies (its own and its roles' embedded ones): `ns/name` when it names one ServiceAccount exactly. */
function* subjectsOf(facts: FileFacts): Generator<{ readonly exact: string | undefined }> {
  const policies = [...facts.trustPolicies, ...facts.roles.flatMap((r) => (r.trust?.kind === 'embedded' ? [r.trust.policy] : []))];
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const condition of statement.subjects) {
        if (condition.operator.includes('Not')) continue;
        for (const { value } of condition.values) {
          const named = condition.operator === 'StringEquals' ? serviceAccountOfSubject(value) : undefined;
          yield { exact: named ? serviceAccountKey(named.namespace, named.name) : undefined };
        }
      }
    }
  }
}

function serviceAccountKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function addTo(map: Map<string, Set<string>>, key: string, uri: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(uri);
}

function removeFrom(map: Map<string, Set<string>>, key: string, uri: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(uri);
  if (set.size === 0) map.delete(key);
}

const FIRST_LINE = Uint32Array.of(0);

/**
 * Where each line of `text` starts. The last few texts asked about are remembered: on a keystroke the index and
 * the diagnostics both ask about the new text, and the permission model asks about the same few policies per statement.
 * The arrays are shared: nobody changes them.
 */
export function lineStartsOf(text: string): Uint32Array {
  for (const recent of recentLineStarts) if (recent.text === text) return recent.starts;
  const starts = scanLineStarts(text);
  if (recentLineStarts.length >= RECENT_TEXTS) recentLineStarts.shift();
  recentLineStarts.push({ text, starts });
  return starts;
}

const RECENT_TEXTS = 8;
const recentLineStarts: { readonly text: string; readonly starts: Uint32Array }[] = [];

function scanLineStarts(text: string): Uint32Array {
  const starts = [0];
  // Without a carriage return (most files), each line ends at a line feed: indexOf finds them natively.
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return Uint32Array.from(starts);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return Uint32Array.from(starts);
}

export function positionAt(lineStarts: Uint32Array, offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - lineStarts[low] };
}
