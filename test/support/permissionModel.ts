import { loadResources, ManagedPolicies, ManagedPolicyData } from '../../server/src/service';
import { PermissionModel, permissionModel } from '../../server/src/service/workspace/permissions';
import { TextPolicyDocuments } from '../../server/src/service/workspace/policyDocuments';
import { TestWorkspace } from './workspace';

/** A small stand-in for the shipped AWS managed policies: the engine reads whatever the adapter injects. */
export function smallManagedPolicies(): ManagedPolicies {
  const document = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const data: ManagedPolicyData = {
    source: 'test-managed-policies@1',
    policies: [
      { name: 'AmazonS3ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', version: 'v3', document: document('s3:Get*') },
      { name: 'PowerUserAccess', arn: 'arn:aws:iam::aws:policy/PowerUserAccess', version: 'v5', document: document('*') },
    ],
  };
  return new ManagedPolicies(() => data);
}

/** The files indexed as the server does, and the permission model of `namespace/name` over them. */
export async function permissionModelOf(
  files: Record<string, string>,
  namespace: string,
  name: string,
  managedPolicies = smallManagedPolicies(),
): Promise<{ ws: TestWorkspace; model: PermissionModel }> {
  const ws = await TestWorkspace.of(files);
  const texts = new Map(Object.entries(files).map(([file, text]) => [ws.uri(file), text]));
  const { syntaxes } = await loadResources();
  const documents = new TextPolicyDocuments((uri) => texts.get(uri), syntaxes);
  return { ws, model: permissionModel(namespace, name, { index: ws.service.index, documents, managedPolicies }) };
}

/**
 * What a reader of the model sees: each role, how it is reached, its policies (kind, label, where the
 * document is, its first statement's actions) and unknowns.
 */
export function describedModel(ws: TestWorkspace, model: PermissionModel): string[] {
  const file = (uri: string) => uri.slice(ws.uri('x').length - 1);
  const lines = model.unknowns.map((u) => `? ${u.reason} ${u.label} @ ${file(u.uri)}`);
  for (const role of model.roles) {
    lines.push(`role ${role.role.fact.name ?? role.role.fact.label} (${role.role.fact.source}) via ${role.via}`);
    for (const p of [...role.policies, ...(role.boundary ? [role.boundary] : [])]) {
      const where = p.document.kind === 'aws-managed' ? `${p.document.arn} ${p.document.version}` : `${p.document.kind} ${file(p.document.uri)}`;
      const action = p.policy.statements[0]?.element.Action?.valueNode;
      const actions = action?.type === 'array' ? (action.children ?? []).map((c) => c.value).join(',') : action?.value;
      lines.push(`  ${p === role.boundary ? 'boundary ' : ''}${p.kind} ${p.label} <- ${where} [${String(actions)}]`);
    }
    for (const u of role.unknowns) lines.push(`  ? ${u.reason}${u.boundary ? ' (boundary)' : ''} ${u.label}`);
  }
  return lines;
}
