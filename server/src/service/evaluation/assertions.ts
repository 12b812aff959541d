import { Catalog } from '../catalog/catalog';
import { ActionExpander } from '../catalog/statementActions';
import { suggestActionNames } from '../catalog/suggest';
import { matchesWildcard } from '../catalog/wildcard';
import { AccessExpectation, AccessFile, Written } from '../parse/accessFile';
import { stringItems } from '../parse/json';
import { WorkspaceIndex } from '../workspace/index';
import { PermissionModel } from '../workspace/permissions';
import { askPermissionModel, ServiceAccountAnswer } from './ask';
import { modelOf, ServiceAccountSources, StatementLocation } from './serviceAccount';

/**
 * What checking an access file found, expectation by expectation (docs/access-assertions.md). An
 * expectation that holds gives nothing.
 */
export type AccessResult =
  /** No ServiceAccount of the workspace matches the expectation's `serviceAccount`. */
  | { readonly kind: 'no-match'; readonly expectation: AccessExpectation; readonly at: Written }
  /** An action (or pattern) the catalogue does not have. */
  | { readonly kind: 'unknown-action'; readonly expectation: AccessExpectation; readonly at: Written; readonly suggestions: readonly string[] }
  /** The files say the expectation is broken. */
  | { readonly kind: 'failed'; readonly expectation: AccessExpectation; readonly at: Written; readonly message: string }
  /** The files cannot tell (no role found, a policy they do not hold). */
  | { readonly kind: 'unproven'; readonly expectation: AccessExpectation; readonly at: Written; readonly message: string };

/** A ServiceAccount of the workspace: a manifest's, or one an association or eksctl config names. */
export function workspaceServiceAccounts(index: WorkspaceIndex): { namespace: string; name: string }[] {
  const seen = new Map<string, { namespace: string; name: string }>();
  const add = (sa: { namespace: string; name: string } | undefined) => {
    if (sa) seen.set(`${sa.namespace}/${sa.name}`, { namespace: sa.namespace, name: sa.name });
  };
  for (const file of index.all()) {
    file.facts.serviceAccounts.forEach(add);
    for (const reference of file.facts.references) add(reference.serviceAccount);
  }
  return [...seen.values()].sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

/** Checks every expectation of the file against the permission model of the matching ServiceAccounts. */
export function checkAccessFile(file: AccessFile, sources: ServiceAccountSources): AccessResult[] {
  const accounts = workspaceServiceAccounts(sources.index);
  const models = new Map<string, PermissionModel>();
  const modelFor = (namespace: string, name: string) => {
    const key = `${namespace}/${name}`;
    let model = models.get(key);
    if (!model) models.set(key, (model = modelOf(sources, namespace, name)));
    return model;
  };
  const expander = new ActionExpander(sources.catalog);
  const results: AccessResult[] = [];
  for (const expectation of file.expectations) {
    const matching = accounts.filter((sa) => matchesWildcard(expectation.namespace, sa.namespace) && matchesWildcard(expectation.name, sa.name));
    if (matching.length === 0) {
      results.push({ kind: 'no-match', expectation, at: expectation.serviceAccount });
      continue;
    }
    for (const action of expectation.actions) {
      const actions = expandAction(action.value, sources.catalog);
      if (actions.length === 0) {
        results.push({ kind: 'unknown-action', expectation, at: action, suggestions: suggestionsFor(action.value, sources.catalog) });
        continue;
      }
      for (const sa of matching) {
        const question = { sources, model: modelFor(sa.namespace, sa.name), ...sa, expectation, action, actions, expander };
        const result = expectation.expect === 'can' ? checkCan(question) : checkCannot(question);
        if (result) results.push(result);
      }
    }
  }
  return results;
}

interface Question {
  readonly sources: ServiceAccountSources;
  readonly model: PermissionModel;
  readonly namespace: string;
  readonly name: string;
  readonly expectation: AccessExpectation;
  readonly action: Written;
  /** The catalogue's actions the written action names. */
  readonly actions: readonly string[];
  readonly expander: ActionExpander;
}

const resourcesOf = (expectation: AccessExpectation) => (expectation.resources.length ? expectation.resources.map((r) => r.value) : ['*']);

/** `can`: every action named is allowed on each resource, with the context given (a `depends` fails). */
function checkCan(q: Question): AccessResult | undefined {
  const { expectation, action } = q;
  const who = `${q.namespace}/${q.name}`;
  if (q.model.roles.length === 0) return noRole(q, 'failed');
  for (const resource of resourcesOf(expectation)) {
    const refused: { action: string; answer: ServiceAccountAnswer }[] = [];
    for (const name of q.actions) {
      const answer = ask(q, name, resource);
      if (answer.decision !== 'allowed') refused.push({ action: name, answer });
    }
    const role = ask(q, q.actions[0], resource).role;
    if (refused.length === 0 && role?.trustAdmits === false)
      return {
        kind: 'failed',
        expectation,
        at: action,
        message: `${who} cannot ${action.value} on ${resource}: its pods cannot assume role ${role.name}, whose trust policy does not admit system:serviceaccount:${q.namespace}:${q.name} (LINK_TRUST_DOES_NOT_ADMIT_SA); its policies would allow it`,
      };
    if (refused.length === 0) continue;
    const [first] = refused;
    const what =
      q.actions.length === 1 ? `${first.action}` : `${refused.length} of the ${q.actions.length} actions ${action.value} names, e.g. ${first.action},`;
    return { kind: 'failed', expectation, at: action, message: `${who} cannot ${what} on ${resource}: ${refusal(first.answer)}${incomplete(q)}` };
  }
  return undefined;
}

/** `cannot`: no action named is allowed, nor may be in some context, on the resource or any resource of the role's grants inside it. */
function checkCannot(q: Question): AccessResult | undefined {
  const { expectation, action } = q;
  const who = `${q.namespace}/${q.name}`;
  const [role] = q.model.roles;
  if (!role) return q.model.unknowns.length ? noRole(q, 'unproven') : undefined;
  // Only what an Allow of the role names may be allowed: the rest is an implicit deny.
  const granted = new Set<string>();
  const grantedResources: string[] = [];
  for (const attached of role.policies) {
    for (const statement of attached.policy.statements) {
      if (statement.element.Effect?.valueNode?.value !== 'Allow') continue;
      for (const a of q.expander.allowedBy(statement)) granted.add(`${a.service}:${a.name}`.toLowerCase());
      const resources = statement.element.Resource?.valueNode;
      if (resources) for (const r of stringItems(resources)) grantedResources.push(r.value as string);
    }
  }
  for (const resource of resourcesOf(expectation)) {
    // `on` as written, and each resource a grant names that `on` covers (iam:* on * is also iam:PassRole on role/x).
    const candidates = [resource, ...new Set(grantedResources.filter((r) => r !== resource && matchesWildcard(resource, r)))];
    const breaking: { action: string; resource: string; answer: ServiceAccountAnswer }[] = [];
    for (const name of q.actions) {
      if (!granted.has(name.toLowerCase())) continue;
      for (const candidate of candidates) {
        const answer = ask(q, name, candidate);
        if (answer.decision === 'allowed' || answer.decision === 'depends') {
          breaking.push({ action: name, resource: candidate, answer });
          break;
        }
      }
    }
    if (breaking.length === 0) continue;
    const first = breaking.find((b) => b.answer.decision === 'allowed') ?? breaking[0];
    const more = breaking.length > 1 ? ` (and ${breaking.length - 1} more of the actions ${action.value} names)` : '';
    const how =
      first.answer.decision === 'allowed'
        ? `${who} can ${first.action} on ${first.resource}: allowed by ${where(first.answer.statement)}`
        : `${who} may ${first.action} on ${first.resource}, depending on ${first.answer.dependsOn.join(', ') || 'the request'}`;
    return { kind: 'failed', expectation, at: action, message: `${how}${more}${incomplete(q)}` };
  }
  return q.model.unknowns.length || role.unknowns.length
    ? { kind: 'unproven', expectation, at: action, message: `${who} cannot be shown to be unable to ${action.value}: ${firstUnknown(q)}` }
    : undefined;
}

function ask(q: Question, action: string, resource: string): ServiceAccountAnswer {
  return askPermissionModel(q.sources, q.model, q.namespace, q.name, { action, resource, context: q.expectation.context });
}

function noRole(q: Question, kind: 'failed' | 'unproven'): AccessResult {
  const who = `${q.namespace}/${q.name}`;
  const why = q.model.unknowns.length ? `: ${firstUnknown(q)}` : ' (no role-arn annotation, Pod Identity association or trust names it)';
  return { kind, expectation: q.expectation, at: q.action, message: `no role found for ${who} in the files${why}` };
}

function firstUnknown(q: Question): string {
  const unknown = [...q.model.unknowns, ...q.model.roles.flatMap((r) => r.unknowns)][0];
  return unknown ? sentencePart(unknown.message) : 'the files do not say';
}

/** Said after a failure when the files are incomplete. */
function incomplete(q: Question): string {
  const unknowns = [...q.model.unknowns, ...(q.model.roles[0]?.unknowns ?? [])];
  return unknowns.length ? ` (the files may be incomplete: ${sentencePart(unknowns[0].message)})` : '';
}

/** A message of the permission model inside another sentence: no capital, no full stop. */
function sentencePart(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, '');
}

function refusal(answer: ServiceAccountAnswer): string {
  switch (answer.decision) {
    case 'explicit-deny':
      return `denied by ${answer.statement?.kind === 'boundary' ? 'the permissions boundary, ' : ''}${where(answer.statement)}`;
    case 'depends':
      return `it depends on ${answer.dependsOn.join(', ') || 'the request'} (give ${answer.dependsOn.length > 1 ? 'them' : 'it'} under context:)`;
    default:
      return `no statement of role ${answer.role?.name ?? '?'} allows it (implicit deny)`;
  }
}

/** `statement Sid of policy P (file:line)`; a file is named by its last path segment. */
function where(statement: StatementLocation | undefined): string {
  if (!statement) return 'a statement';
  const name = statement.sid ? `statement ${statement.sid}` : `statement ${statement.index + 1}`;
  const file = statement.file.startsWith('file:') ? decodeURIComponent(statement.file.slice(statement.file.lastIndexOf('/') + 1)) : statement.file;
  return `${name} of policy ${statement.policy} (${file}:${statement.line})`;
}

/** The catalogue's actions an action or pattern names (`*` and `?` in the service prefix too), as `service:Name`. */
export function expandAction(pattern: string, catalog: Catalog): string[] {
  if (pattern === '*') return [...catalog.servicePrefixes()].flatMap((p) => catalog.matchActions(p, '*').map((a) => `${a.service}:${a.name}`));
  const colon = pattern.indexOf(':');
  const prefix = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  const services = /[*?]/.test(prefix) ? [...catalog.servicePrefixes()].filter((p) => matchesWildcard(prefix, p, true)) : [prefix];
  return services.flatMap((service) => catalog.matchActions(service, name).map((a) => `${a.service}:${a.name}`));
}

function suggestionsFor(pattern: string, catalog: Catalog): string[] {
  const colon = pattern.indexOf(':');
  if (colon < 0 || /[*?]/.test(pattern)) return [];
  const service = catalog.service(pattern.slice(0, colon));
  if (!service) return suggestActionNames(pattern.slice(0, colon), catalog.servicePrefixes()).map((p) => `${p}:${pattern.slice(colon + 1)}`);
  return suggestActionNames(pattern.slice(colon + 1), catalog.actionNames(service.prefix)).map((n) => `${service.prefix}:${n}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
