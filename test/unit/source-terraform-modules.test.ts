import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RoleDefinition } from '../../server/src/service/workspace/facts';
import { ACCOUNT, at, PROVIDER, serviceAccount } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

function rolesOf(ws: TestWorkspace, file: string): readonly RoleDefinition[] {
  return ws.service.index.get(ws.uri(file))?.facts.roles ?? [];
}

function seen(ws: TestWorkspace, file: string): string[] {
  return ws.validate(file).map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character}`);
}

const assumable = (subject: string, extra = '') => `module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "~> 5.0"

  create_role                   = true
  role_name                     = "AppRole"
  provider_url                  = "${PROVIDER}"
  role_policy_arns              = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
  oidc_fully_qualified_subjects = ["${subject}"]
${extra}}
`;

const forServiceAccounts = (entry: string, path = '//modules/iam-role-for-service-accounts-eks', extra = '') => `module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws${path}"
  version = "5.39.0"

  role_name             = "AppRole"
  attach_ebs_csi_policy = true
  role_policy_arns = {
    s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
  }

  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"
      namespace_service_accounts = ["${entry}"]
    }
  }
${extra}}
`;

describe('terraform-aws-modules/iam iam-assumable-role-with-oidc', () => {
  test('good: the role, its trust from the inputs, its policies; the annotated ServiceAccount is admitted', async () => {
    const tf = assumable('system:serviceaccount:team-a:app');
    const ws = await TestWorkspace.of({ 'irsa.tf': tf, 'sa.yaml': serviceAccount() });
    const [role] = rolesOf(ws, 'irsa.tf');
    assert.equal(role.name, 'AppRole');
    assert.equal(role.label, 'module.app_irsa');
    assert.deepEqual(
      role.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    );
    assert.ok(role.trust?.kind === 'embedded');
    assert.deepEqual(
      role.trust.policy.statements.map((s) => [s.providers.map((p) => p.host), s.subjects.map((c) => c.operator)]),
      [[[PROVIDER], ['StringEquals']]],
    );
    assert.deepEqual(seen(ws, 'irsa.tf'), []);
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });

  test('bad: a subject renamed in oidc_fully_qualified_subjects gives LINK_SUB_WITHOUT_SA on that line, and the annotation is refused', async () => {
    const tf = assumable('system:serviceaccount:team-a:app-renamed');
    const ws = await TestWorkspace.of({ 'irsa.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('irsa.tf', 'LINK_SUB_WITHOUT_SA'), [at(tf, 'system:serviceaccount:team-a:app-renamed')]);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });

  test('oidc_subjects_with_wildcards are StringLike; https:// in provider_urls is dropped', async () => {
    const tf = assumable('system:serviceaccount:team-b:app', '  oidc_subjects_with_wildcards = ["system:serviceaccount:team-*:*"]\n').replace(
      `provider_url                  = "${PROVIDER}"`,
      `provider_urls                 = ["https://${PROVIDER}"]`,
    );
    const ws = await TestWorkspace.of({ 'irsa.tf': tf });
    const trust = rolesOf(ws, 'irsa.tf')[0].trust;
    assert.ok(trust?.kind === 'embedded');
    assert.deepEqual(
      trust.policy.statements.map((s) => [s.providers.map((p) => p.host), s.subjects.map((c) => `${c.operator} ${c.values.map((v) => v.value)}`)]),
      [[[PROVIDER], ['StringEquals system:serviceaccount:team-b:app', 'StringLike system:serviceaccount:team-*:*']]],
    );
  });

  test('aws_account_id is the account of the providers, hence of the role: an annotation in another account gets LINK_ACCOUNT_MISMATCH', async () => {
    const tf = assumable('system:serviceaccount:team-a:app', `  aws_account_id = "${ACCOUNT}"\n`);
    const ws = await TestWorkspace.of({ 'irsa.tf': tf, 'sa.yaml': serviceAccount({ arn: 'arn:aws:iam::444455556666:role/AppRole' }) });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ACCOUNT_MISMATCH'), ['7:32']);
    const same = await TestWorkspace.of({ 'irsa.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(same, 'sa.yaml'), []);
  });

  test('without create_role = true (the module defaults to false) no role is made', async () => {
    const ws = await TestWorkspace.of({ 'irsa.tf': assumable('system:serviceaccount:team-a:app').replace('  create_role                   = true\n', '') });
    assert.deepEqual(rolesOf(ws, 'irsa.tf'), []);
  });
});

describe('terraform-aws-modules/iam iam-role-for-service-accounts(-eks)', () => {
  test('good: oidc_providers namespace_service_accounts admit the annotated ServiceAccount; attach_* flags named as policies', async () => {
    const tf = forServiceAccounts('team-a:app');
    const ws = await TestWorkspace.of({ 'irsa.tf': tf, 'sa.yaml': serviceAccount() });
    const [role] = rolesOf(ws, 'irsa.tf');
    assert.equal(role.name, 'AppRole');
    assert.deepEqual(
      role.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'ebs_csi'],
    );
    assert.deepEqual(seen(ws, 'irsa.tf'), []);
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });

  test('bad: a renamed namespace_service_accounts entry gives LINK_SUB_WITHOUT_SA on that line', async () => {
    const tf = forServiceAccounts('team-a:app-renamed');
    const ws = await TestWorkspace.of({ 'irsa.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('irsa.tf', 'LINK_SUB_WITHOUT_SA'), [at(tf, 'team-a:app-renamed')]);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });

  test("the provider ARN's account is the role's: an annotation in another account gets LINK_ACCOUNT_MISMATCH", async () => {
    const ws = await TestWorkspace.of({
      'irsa.tf': forServiceAccounts('team-a:app'),
      'sa.yaml': serviceAccount({ arn: 'arn:aws:iam::444455556666:role/AppRole' }),
    });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ACCOUNT_MISMATCH'), ['7:32']);
  });

  test('the newer //modules/iam-role-for-service-accounts: `name` is a prefix unless use_name_prefix = false', async () => {
    const prefixed = forServiceAccounts('team-a:app', '//modules/iam-role-for-service-accounts').replace('role_name ', 'name      ');
    const ws = await TestWorkspace.of({ 'irsa.tf': prefixed });
    assert.deepEqual(
      rolesOf(ws, 'irsa.tf').map((r) => r.name),
      [undefined],
    );
    const exact = await TestWorkspace.of({
      'irsa.tf': forServiceAccounts('team-a:app', '//modules/iam-role-for-service-accounts', '  use_name_prefix = false\n').replace('role_name ', 'name      '),
    });
    assert.deepEqual(
      rolesOf(exact, 'irsa.tf').map((r) => r.name),
      ['AppRole'],
    );
  });

  test('inputs written with the folder values: resolved from terraform.tfvars', async () => {
    const tf = forServiceAccounts('${var.namespace}:app').replace('"AppRole"', 'local.role_name');
    const files = { 'irsa.tf': tf, 'locals.tf': 'locals {\n  role_name = "AppRole"\n}\n', 'sa.yaml': serviceAccount() };
    const good = await TestWorkspace.of({ ...files, 'terraform.tfvars': 'namespace = "team-a"\n' });
    assert.deepEqual(seen(good, 'sa.yaml'), []);
    const bad = await TestWorkspace.of({ ...files, 'terraform.tfvars': 'namespace = "team-b"\n' });
    assert.deepEqual(bad.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    assert.deepEqual(bad.codes('irsa.tf', 'LINK_SUB_WITHOUT_SA'), [at(tf, '${var.namespace}:app', '', -1)]);
  });

  test('any other module is ignored without a word', async () => {
    const tf = forServiceAccounts('team-a:app').replace(
      'terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks',
      'git::https://example.com/modules/irsa.git',
    );
    const ws = await TestWorkspace.of({ 'irsa.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(rolesOf(ws, 'irsa.tf'), []);
    assert.deepEqual(seen(ws, 'irsa.tf'), []);
  });
});

describe('terraform-aws-modules/eks-pod-identity and aws_eks_pod_identity_association', () => {
  const podIdentity = (extra = '') => `module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 1.0"

  name            = "AppRole"
  use_name_prefix = false
  attach_aws_lb_controller_policy = true
  additional_policy_arns = {
    s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
  }
  associations = {
    app = {
      cluster_name    = "dev"
      namespace       = "team-a"
      service_account = "app"
    }
  }
${extra}}
`;

  test('a role trusting pods.eks.amazonaws.com; an IRSA annotation on it gets LINK_TRUST_NOT_WEB_IDENTITY', async () => {
    const ws = await TestWorkspace.of({ 'pod.tf': podIdentity(), 'sa.yaml': serviceAccount() });
    const [role] = rolesOf(ws, 'pod.tf');
    assert.equal(role.name, 'AppRole');
    assert.ok(role.trust?.kind === 'embedded' && role.trust.policy.statements[0].podIdentity);
    assert.deepEqual(
      role.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'aws_lb_controller'],
    );
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_NOT_WEB_IDENTITY'), ['7:32']);
    assert.deepEqual(seen(ws, 'pod.tf'), []);
  });

  const manifest = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n';

  /** What the user sees of the link from the ServiceAccount: the lens over the role's trust, and the references of the manifest's name. */
  function linked(ws: TestWorkspace, file: string): { lenses: string[]; references: string[] } {
    const lenses = ws.service.findCodeLenses(ws.document(file)).map((l) => l.command?.title ?? '');
    const document = ws.document('sa.yaml');
    const references = ws.service
      .findReferences(document, document.positionAt(manifest.indexOf('app') + 1), { includeDeclaration: false })
      .map((r) => `${r.uri.split('/').pop()}:${r.range.start.line + 1}`);
    return { lenses, references };
  }

  test("the module's associations: its role is the one of the ServiceAccounts they name (lens, references from the manifest)", async () => {
    const tf = podIdentity();
    const ws = await TestWorkspace.of({ 'pod.tf': tf, 'sa.yaml': manifest });
    const { lenses, references } = linked(ws, 'pod.tf');
    assert.ok(lenses.includes('Pod Identity: 1 association'), lenses.join(' | '));
    assert.deepEqual(references, [`pod.tf:${at(tf, '"app"\n    }').split(':')[0]}`]);
    assert.deepEqual(seen(ws, 'pod.tf'), []);
  });

  const associated = (roleArn: string) => `resource "aws_iam_role" "app" {
  name = "AppRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "team-a" } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "dev"
  namespace       = "team-a"
  service_account = "app"
  role_arn        = ${roleArn}
}
`;

  test('good: aws_eks_pod_identity_association naming its role by reference (aws_iam_role.app.arn) links that role to the ServiceAccount', async () => {
    const tf = associated('aws_iam_role.app.arn');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': manifest });
    const { lenses, references } = linked(ws, 'main.tf');
    assert.ok(lenses.includes('Pod Identity: 1 association'), lenses.join(' | '));
    assert.deepEqual(references, [`main.tf:${at(tf, '"app"', 'service_account').split(':')[0]}`]);
    assert.deepEqual(seen(ws, 'main.tf'), []);
  });

  test('bad twin: a reference to a role this file does not define (aws_iam_role.other.arn) links nothing, and says nothing', async () => {
    const ws = await TestWorkspace.of({ 'main.tf': associated('aws_iam_role.other.arn'), 'sa.yaml': manifest });
    const { lenses, references } = linked(ws, 'main.tf');
    assert.ok(!lenses.includes('Pod Identity: 1 association'), lenses.join(' | '));
    assert.deepEqual(references, []);
    assert.deepEqual(seen(ws, 'main.tf'), []);
  });

  test('the name is a prefix by default: no role name', async () => {
    const ws = await TestWorkspace.of({ 'pod.tf': podIdentity().replace('  use_name_prefix = false\n', '') });
    assert.deepEqual(
      rolesOf(ws, 'pod.tf').map((r) => r.name),
      [undefined],
    );
  });
});
