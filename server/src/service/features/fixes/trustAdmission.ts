import { SERVICE_ACCOUNT_SUB_PREFIX, serviceAccountOfSubject, subjectOf } from '../../catalog/oidc';
import { parseOperator } from '../../catalog/operators';
import { editDistance } from '../../catalog/suggest';
import { displayName } from '../../workspace/roles';
import { JsonNode, valueRange } from '../../parse/json';
import { ServiceAccountManifest } from '../../parse/kubernetes';
import { conditionsOf } from '../../parse/policy';
import { nodeRange } from '../../parse/yaml';
import { ConditionValue } from '../../workspace/facts';
import { AuthoringContext } from '../context';
import { Fix, FixRequest, isOffsetRange, OffsetEdit } from './fix';
import { contains, inRange, policyAt, replacementIn, scalarIn, statementAt, yamlScalar } from './host';
import { appendStrings, endOf, eolOf } from './layout';

/**
 * LINK_TRUST_DOES_NOT_ADMIT_SA. On the trust policy: admit the ServiceAccount (instead of a subject
 * no manifest defines, or beside the others). On the ServiceAccount: the same change made in the
 * trust policy's file, or this manifest renamed to a subject the trust admits.
 */
export function admissionFixes(request: FixRequest): Fix[] {
  const { namespace, name } = request.data;
  if (typeof namespace !== 'string' || typeof name !== 'string') return [];
  if (typeof request.data.trustUri === 'string')
    return [...admitInTrustFile(request, request.data.trustUri, namespace, name), ...renameServiceAccount(request)];
  return admitHere(request, namespace, name);
}

/** A subject naming a ServiceAccount no manifest defines: a typo, so replacing it admits the right one and breaks none. */
function unused(context: AuthoringContext, subject: string): boolean {
  const named = serviceAccountOfSubject(subject);
  return named !== undefined && context.index.serviceAccounts(named.namespace, named.name).length === 0;
}

function admitHere(request: FixRequest, namespace: string, name: string): Fix[] {
  const { context, range } = request;
  const text = context.document.getText();
  const at = policyAt(context, range.start);
  const statement = at && statementAt(at.policy, range.start);
  if (!at || !statement) return [];
  const subject = subjectOf(namespace, name);
  const entry = conditionsOf(statement.element.Condition)
    .filter((block) => parseOperator(block.key)?.base.negated === false)
    .flatMap((block) => block.entries)
    // Any issuer's `:sub` (`example-oidc-provider:sub` too): the finding stands on a value the trust facts read as one.
    .find((e) => /:sub$/.test(e.key) && e.values.some((v) => contains(v, range.start)));
  const value = entry?.values.find((v) => contains(v, range.start));
  if (!entry?.valueNode || !value || value.type !== 'string') return [];
  const fixes: Fix[] = [];
  const written = value.value as string;
  const content = valueRange(value, text);
  const replaced = replacementIn(at.host, text, content, subject);
  if (unused(context, written) && replaced !== undefined) {
    fixes.push({
      title: `Admit ${namespace}/${name} instead of ${written.replace(SERVICE_ACCOUNT_SUB_PREFIX, '').replace(':', '/')}`,
      edits: [{ ...content, newText: replaced }],
    });
  }
  const added = addValue(text, entry.valueNode, subject, at.host);
  if (added) fixes.push({ title: `Admit ${namespace}/${name} too`, edits: [added] });
  return fixes.map((fix, i) => (i === 0 ? { ...fix, isPreferred: true } : fix));
}

function addValue(text: string, node: JsonNode, value: string, host: Parameters<typeof scalarIn>[0]): OffsetEdit | undefined {
  if (node.type === 'array') return appendStrings(text, node, [value], host);
  if (node.type !== 'string') return undefined;
  return { start: node.offset, end: endOf(node), newText: `[${[node.value as string, value].map((v) => scalarIn(host, v)).join(', ')}]` };
}

/** The `:sub` values the trust file admits that the finding names (`subjects`: their ranges there). */
function admittedValues(request: FixRequest, trustUri: string): ConditionValue[] {
  const ranges = Array.isArray(request.data.subjects) ? request.data.subjects.filter(isOffsetRange) : [];
  const statements = request.context.index.get(trustUri)?.facts.trustPolicies.flatMap((p) => p.statements) ?? [];
  const values = statements.flatMap((s) => s.subjects.filter((c) => !c.operator.includes('Not')).flatMap((c) => c.values));
  return values.filter((v) => ranges.some((r) => r.start === v.range.start && r.end === v.range.end));
}

function admitInTrustFile(request: FixRequest, trustUri: string, namespace: string, name: string): Fix[] {
  const { context } = request;
  const subject = subjectOf(namespace, name);
  // Only a value written as is (no escapes) can be replaced without the other file's text.
  const replaceable = admittedValues(request, trustUri)
    .filter((v) => unused(context, v.value) && v.range.end - v.range.start === v.value.length)
    .sort((a, b) => editDistance(a.value, subject) - editDistance(b.value, subject));
  const range = replaceable[0] && context.index.range(trustUri, replaceable[0].range);
  if (!range) return [];
  return [
    {
      title: `Admit ${namespace}/${name} in ${displayName(trustUri).split('/').pop()}`,
      edits: [],
      otherFiles: [{ uri: trustUri, edit: { range, newText: subject } }],
      isPreferred: true,
    },
  ];
}

/** This manifest renamed to a ServiceAccount the trust admits and no other manifest defines. */
function renameServiceAccount(request: FixRequest): Fix[] {
  const { context, range } = request;
  if (context.parsed.kind !== 'kubernetes' || typeof request.data.trustUri !== 'string') return [];
  const manifest = context.parsed.serviceAccounts.find(
    (sa) => sa.podIdentity.roleArn?.valueNode && inRange(nodeRange(sa.podIdentity.roleArn.valueNode), range.start),
  );
  if (!manifest?.nameEntry?.valueNode) return [];
  const targets = new Set(
    admittedValues(request, request.data.trustUri)
      .map((v) => v.value)
      .filter((v) => unused(context, v)),
  );
  return [...targets].flatMap((subject): Fix[] => {
    const { namespace, name } = serviceAccountOfSubject(subject)!;
    const edits = renameEdits(context.document.getText(), manifest, namespace, name);
    return edits.length ? [{ title: `Rename this ServiceAccount to ${namespace}/${name}`, edits }] : [];
  });
}

function renameEdits(text: string, manifest: ServiceAccountManifest, namespace: string, name: string): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const nameNode = manifest.nameEntry!.valueNode!;
  if (manifest.name !== name) edits.push({ ...nodeRange(nameNode), newText: yamlScalar(name) });
  const namespaceNode = manifest.namespaceEntry?.valueNode;
  if (namespaceNode && manifest.namespace !== namespace) edits.push({ ...nodeRange(namespaceNode), newText: yamlScalar(namespace) });
  if (!manifest.namespaceExplicit && namespace !== 'default') {
    // No namespace line: one goes under the name, in the same column.
    const key = nodeRange(manifest.nameEntry!.keyNode).start;
    const column = key - (text.lastIndexOf('\n', key - 1) + 1);
    const at = nodeRange(nameNode).end;
    edits.push({ start: at, end: at, newText: `${eolOf(text)}${' '.repeat(column)}namespace: ${yamlScalar(namespace)}` });
  }
  return edits;
}
