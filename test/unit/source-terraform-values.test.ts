import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, at, PROVIDER, serviceAccount } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** A role whose name and :sub are written with the folder's values. */
const MAIN = `resource "aws_iam_role" "app" {
  name = local.role_name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${PROVIDER}:sub" = "system:serviceaccount:\${var.namespace}:\${local.sa}"
          "${PROVIDER}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
`;
const LOCALS = 'locals {\n  role_name = "AppRole"\n  sa        = "app"\n}\n';
const VARIABLES = 'variable "namespace" {\n  type    = string\n  default = "default"\n}\n';

function roleNames(ws: TestWorkspace, file: string): (string | undefined)[] {
  return (ws.service.index.get(ws.uri(file))?.facts.roles ?? []).map((r) => r.name);
}

describe('Terraform locals, variable defaults and tfvars of the same folder', () => {
  test('good: local.role_name, and a :sub interpolating var.namespace (terraform.tfvars) and local.sa: linked, no finding', async () => {
    const ws = await TestWorkspace.of({
      'main.tf': MAIN,
      'locals.tf': LOCALS,
      'variables.tf': VARIABLES,
      'terraform.tfvars': 'namespace = "team-a"\n',
      'sa.yaml': serviceAccount(),
    });
    assert.deepEqual(roleNames(ws, 'main.tf'), ['AppRole']);
    assert.deepEqual(ws.validate('sa.yaml'), []);
    assert.deepEqual(ws.validate('main.tf'), []);
  });

  test('bad: the default namespace (no tfvars) does not admit team-a/app: LINK_TRUST_DOES_NOT_ADMIT_SA on both sides', async () => {
    const ws = await TestWorkspace.of({ 'main.tf': MAIN, 'locals.tf': LOCALS, 'variables.tf': VARIABLES, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    const [onSa] = ws.validate('sa.yaml').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.match(String(onSa.message), /It admits "system:serviceaccount:default:app"/);
    assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(MAIN, 'system:serviceaccount:${var.namespace}')]);
  });

  test('a tfvars edit updates the facts of the other files of the folder (and the index generation)', async () => {
    const ws = await TestWorkspace.of({
      'main.tf': MAIN,
      'locals.tf': LOCALS,
      'variables.tf': VARIABLES,
      'terraform.tfvars': 'namespace = "team-a"\n',
      'sa.yaml': serviceAccount(),
    });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    const generation = ws.service.index.generation;
    assert.equal(ws.write('terraform.tfvars', 'namespace = "team-b"\n'), true);
    assert.ok(ws.service.index.generation > generation);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    ws.write('locals.tf', LOCALS.replace('"AppRole"', '"OtherRole"'));
    assert.deepEqual(roleNames(ws, 'main.tf'), ['OtherRole']);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ROLE_NOT_FOUND'), ['7:32']);
  });

  test('open in the editor: a tfvars edit makes the open .tf and manifest affected, revalidated with the new value', async () => {
    const ws = await TestWorkspace.of({
      'main.tf': MAIN,
      'locals.tf': LOCALS,
      'variables.tf': VARIABLES,
      'terraform.tfvars': 'namespace = "team-a"\n',
      'sa.yaml': serviceAccount(),
    });
    for (const file of ['main.tf', 'sa.yaml']) ws.service.open(ws.document(file));
    assert.deepEqual(ws.validate('main.tf'), []);
    assert.deepEqual(ws.validate('sa.yaml'), []);
    ws.service.affectedDocuments();
    ws.write('terraform.tfvars', 'namespace = "team-b"\n');
    assert.deepEqual(ws.service.affectedDocuments().sort(), [ws.uri('main.tf'), ws.uri('sa.yaml')].sort());
    assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(MAIN, 'system:serviceaccount:${var.namespace}')]);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });

  test('*.auto.tfvars override terraform.tfvars, later names last; another .tfvars (-var-file only) is not read', async () => {
    const base = { 'main.tf': MAIN, 'locals.tf': LOCALS, 'variables.tf': VARIABLES, 'sa.yaml': serviceAccount() };
    const auto = await TestWorkspace.of({
      ...base,
      'terraform.tfvars': 'namespace = "team-b"\n',
      'a.auto.tfvars': 'namespace = "team-c"\n',
      'b.auto.tfvars': 'namespace = "team-a"\n',
    });
    assert.deepEqual(auto.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    const varFile = await TestWorkspace.of({ ...base, 'prod.tfvars': 'namespace = "team-a"\n' });
    assert.deepEqual(varFile.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });

  test("another folder's values are not used: the :sub stays computed, never flagged", async () => {
    const ws = await TestWorkspace.of({ 'main.tf': MAIN, 'other/locals.tf': LOCALS, 'other/variables.tf': VARIABLES, 'sa.yaml': serviceAccount() });
    assert.deepEqual(roleNames(ws, 'main.tf'), [undefined]);
    assert.deepEqual(ws.validate('main.tf'), []);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
  });

  test('a value that is no literal (a variable without default, a function, a cycle) stays computed', async () => {
    for (const locals of [
      'locals {\n  role_name = "AppRole"\n  sa = var.sa_name\n}\n',
      'locals {\n  role_name = "AppRole"\n  sa = lower(var.x)\n}\n',
      'locals {\n  role_name = "AppRole"\n  sa = local.b\n  b = local.sa\n}\n',
    ]) {
      const ws = await TestWorkspace.of({ 'main.tf': MAIN, 'locals.tf': locals, 'variables.tf': VARIABLES, 'sa.yaml': serviceAccount() });
      assert.deepEqual(ws.validate('sa.yaml'), [], locals);
      assert.deepEqual(ws.validate('main.tf'), [], locals);
    }
  });

  test('values chain: a local made of a variable and a literal', async () => {
    const locals =
      'locals {\n  prefix    = var.team\n  role_name = "${local.prefix}-AppRole"\n  sa        = "app"\n}\nvariable "team" {\n  default = "dev"\n}\n';
    const ws = await TestWorkspace.of({ 'main.tf': MAIN, 'locals.tf': locals, 'variables.tf': VARIABLES });
    assert.deepEqual(roleNames(ws, 'main.tf'), ['dev-AppRole']);
  });
});

describe('Terraform Pod Identity associations and role paths written with the folder values', () => {
  const association = `resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "dev"
  namespace       = var.namespace
  service_account = local.sa
  role_arn        = "arn:aws:iam::\${var.account_id}:role\${local.path}\${local.role_name}"
}
`;
  const role = `resource "aws_iam_role" "app" {
  name = local.role_name
  path = local.path
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = var.namespace } }
    }]
  })
}
`;
  const values = (name: string) => ({
    'locals.tf': `locals {\n  role_name = "${name}"\n  sa        = "app"\n  path      = "/team/"\n}\n`,
    'variables.tf': `variable "namespace" {\n  default = "team-a"\n}\nvariable "account_id" {\n  default = "${ACCOUNT}"\n}\n`,
  });

  test('good: the association resolves to the role of the folder, with its ServiceAccount; no finding', async () => {
    const ws = await TestWorkspace.of({ 'pod.tf': association, 'role.tf': role, ...values('AppRole') });
    const [reference] = ws.service.index.get(ws.uri('pod.tf'))?.facts.references ?? [];
    assert.equal(reference.arn, `arn:aws:iam::${ACCOUNT}:role/team/AppRole`);
    assert.deepEqual([reference.serviceAccount?.namespace, reference.serviceAccount?.name], ['team-a', 'app']);
    assert.deepEqual(
      (ws.service.index.get(ws.uri('role.tf'))?.facts.roles ?? []).map((r) => `${r.path}${r.name}`),
      ['/team/AppRole'],
    );
    assert.deepEqual(ws.validate('pod.tf'), []);
    assert.deepEqual(ws.validate('role.tf'), []);
  });

  test('bad: the association names a role no file defines: LINK_ROLE_NOT_FOUND on its role_arn', async () => {
    const ws = await TestWorkspace.of({ 'pod.tf': association, 'role.tf': role.replace('local.role_name', '"AppRole"'), ...values('OtherRole') });
    assert.deepEqual(ws.codes('pod.tf', 'LINK_ROLE_NOT_FOUND'), [at(association, '"arn:aws:iam::${var.account_id}')]);
  });

  test('an ARN that does not resolve: no reference, no finding', async () => {
    const ws = await TestWorkspace.of({
      'pod.tf': association.replace('${var.account_id}', '${data.aws_caller_identity.current.account_id}'),
      'role.tf': role,
      ...values('AppRole'),
    });
    assert.deepEqual(ws.service.index.get(ws.uri('pod.tf'))?.facts.references, []);
    assert.deepEqual(ws.validate('pod.tf'), []);
  });
});

describe('Terraform OIDC providers written with the folder values', () => {
  const trust = (federated: string) =>
    MAIN.replace('name = local.role_name', 'name = "AppRole"').replace(`"arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"`, federated);
  const files = (tfvars: string) => ({ 'variables.tf': VARIABLES, 'locals.tf': LOCALS, 'terraform.tfvars': tfvars, 'sa.yaml': serviceAccount() });

  test('good: the Federated ARN from var.account_id and var.oidc: the role account is the tfvars one; no finding', async () => {
    const main = trust('"arn:aws:iam::${var.account_id}:oidc-provider/${var.oidc}"');
    const ws = await TestWorkspace.of({ 'main.tf': main, ...files(`namespace = "team-a"\naccount_id = "${ACCOUNT}"\noidc = "${PROVIDER}"\n`) });
    const role = ws.service.index.get(ws.uri('main.tf'))?.facts.roles[0];
    assert.ok(role?.trust?.kind === 'embedded');
    assert.deepEqual(
      role.trust.policy.statements[0].providers.map((p) => [p.host, p.account]),
      [[PROVIDER, ACCOUNT]],
    );
    assert.deepEqual(ws.validate('sa.yaml'), []);
  });

  test('bad: another account in terraform.tfvars: LINK_ACCOUNT_MISMATCH on the annotation', async () => {
    const main = trust('"arn:aws:iam::${var.account_id}:oidc-provider/${var.oidc}"');
    const ws = await TestWorkspace.of({ 'main.tf': main, ...files(`namespace = "team-a"\naccount_id = "444455556666"\noidc = "${PROVIDER}"\n`) });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ACCOUNT_MISMATCH'), ['7:32']);
  });

  test('a module provider_url from a variable: LINK_PROVIDER_NOT_CLUSTER when the folder says another cluster', async () => {
    const module = `module "irsa" {
  source                        = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  create_role                   = true
  role_name                     = "AppRole"
  provider_url                  = var.oidc
  oidc_fully_qualified_subjects = ["system:serviceaccount:team-a:app"]
}
resource "aws_iam_openid_connect_provider" "eks" {
  url = "https://${PROVIDER}"
}
`;
    const other = PROVIDER.replace('us-east-1', 'eu-west-1');
    const bad = await TestWorkspace.of({ 'irsa.tf': module, ...files(`oidc = "${other}"\n`) });
    assert.deepEqual(bad.codes('irsa.tf', 'LINK_PROVIDER_NOT_CLUSTER'), [at(module, 'var.oidc')]);
    const good = await TestWorkspace.of({ 'irsa.tf': module, ...files(`oidc = "${PROVIDER}"\n`) });
    assert.deepEqual(good.codes('irsa.tf', 'LINK_PROVIDER_NOT_CLUSTER'), []);
  });
});
