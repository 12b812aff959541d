import { conditionsOf, Statement } from '../../parse/policy';
import { OffsetRange } from '../../parse/range';
import { Located } from '../../workspace/index';
import { ServiceAccountFact } from '../../workspace/facts';
import { subjectOf } from '../../catalog/oidc';
import { AuthoringContext } from '../context';
import { Fix, FixRequest, OffsetEdit, preferFirst, stringList } from './fix';
import { Host, policyAt, scalarIn, statementAt } from './host';
import { appendStrings, endOf, insertMember } from './layout';

/** MISSING_VERSION: `"Version": "2012-10-17"` as the policy's first member. */
export function versionFixes(request: FixRequest): Fix[] {
  const version = request.data.insertVersion;
  const at = policyAt(request.context, request.range.start);
  if (typeof version !== 'string' || !at) return [];
  const edit = insertMember(request.context.document.getText(), at.policy.root, 'Version', version, 'first', at.host);
  return edit ? [{ title: `Add "Version": "${version}"`, edits: [edit], isPreferred: true }] : [];
}

/** PODID_MISSING_TAGSESSION: the missing actions appended to the statement's `Action`. */
export function tagSessionFixes(request: FixRequest): Fix[] {
  const missing = stringList(request.data.missing);
  const at = policyAt(request.context, request.range.start);
  const node = at && statementAt(at.policy, request.range.start)?.element.Action?.valueNode;
  if (!at || !node || missing.length === 0) return [];
  const text = request.context.document.getText();
  const edit: OffsetEdit | undefined =
    node.type === 'string'
      ? { start: node.offset, end: endOf(node), newText: `[${[node.value as string, ...missing].map((a) => scalarIn(at.host, a)).join(', ')}]` }
      : node.type === 'array'
        ? appendStrings(text, node, missing, at.host)
        : undefined;
  return edit ? [{ title: `Add ${missing.map((m) => `"${m}"`).join(' and ')}`, edits: [edit], isPreferred: true }] : [];
}

/** IRSA_MISSING_AUD: `PROVIDER:aud` with the webhook's audience, beside the statement's other StringEquals keys. */
export function audienceConditionFixes(request: FixRequest): Fix[] {
  const { key, value } = request.data;
  if (typeof key !== 'string' || typeof value !== 'string') return [];
  const edit = conditionEdit(request, key, value);
  return edit ? [{ title: `Add the :aud condition ("${value}")`, edits: [edit], isPreferred: true }] : [];
}

/** How many ServiceAccounts IRSA_MISSING_SUB offers to admit. */
const SUBJECT_CHOICES = 5;

/** IRSA_MISSING_SUB: a `PROVIDER:sub` condition admitting one ServiceAccount of the workspace (those that use this role first). */
export function subjectConditionFixes(request: FixRequest): Fix[] {
  const { key } = request.data;
  if (typeof key !== 'string') return [];
  const fixes = candidateServiceAccounts(request.context, request.range).flatMap((sa): Fix[] => {
    const edit = conditionEdit(request, key, subjectOf(sa.namespace, sa.name));
    return edit ? [{ title: `Add a :sub condition for ${sa.namespace}/${sa.name}`, edits: [edit] }] : [];
  });
  return preferFirst(fixes);
}

/** Adds `key: value` to the statement's StringEquals block, or that block to its Condition, or the Condition. */
function conditionEdit(request: FixRequest, key: string, value: string): OffsetEdit | undefined {
  const at = policyAt(request.context, request.range.start);
  const statement = at && statementAt(at.policy, request.range.start);
  return statement && conditionInsert(request.context.document.getText(), statement, key, value, at.host);
}

function conditionInsert(text: string, statement: Statement, key: string, value: string, host: Host): OffsetEdit | undefined {
  const condition = statement.element.Condition?.valueNode;
  if (!condition) return insertMember(text, statement.node, 'Condition', { StringEquals: { [key]: value } }, 'last', host);
  const block = conditionsOf(statement.element.Condition).find((b) => b.key === 'StringEquals' && b.valueNode?.type === 'object');
  if (block) return insertMember(text, block.valueNode!, key, value, 'last', host);
  return insertMember(text, condition, 'StringEquals', { [key]: value }, 'last', host);
}

/** The ServiceAccounts annotated with a role this trust policy belongs to, then the workspace's others, nearest folder first. */
function candidateServiceAccounts(context: AuthoringContext, range: OffsetRange): ServiceAccountFact[] {
  const { index, uri } = context;
  const embedded = context.facts.roles.filter(
    (r) => r.trust?.kind === 'embedded' && r.trust.policy.range.start <= range.start && range.end <= r.trust.policy.range.end,
  );
  const roles = [...index.rolesTrusting(uri), ...embedded.map((fact) => ({ uri, fact }))];
  const users = roles
    .flatMap((r) => (r.fact.name ? index.referencesTo(r.fact.name) : []))
    .flatMap((r) => (r.fact.kind === 'irsa' && r.fact.serviceAccount ? [r.fact.serviceAccount] : []));
  const others: Located<ServiceAccountFact>[] = [...index.all()].flatMap((f) => f.facts.serviceAccounts.map((fact) => ({ uri: f.uri, fact })));
  others.sort((a, b) => sharedFolders(b.uri, uri) - sharedFolders(a.uri, uri));
  const seen = new Set<string>();
  return [...users, ...others.map((o) => o.fact)]
    .filter((sa) => {
      const subject = subjectOf(sa.namespace, sa.name);
      return !seen.has(subject) && seen.add(subject);
    })
    .slice(0, SUBJECT_CHOICES);
}

function sharedFolders(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length - 1 && i < y.length - 1 && x[i] === y[i]) i++;
  return i;
}
