import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { RoleDefinition } from '../../server/src/service/workspace/facts';
import { ACCOUNT, at, EXAMPLES, PROVIDER, serviceAccount } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

const OTHER_PROVIDER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const EXAMPLE = path.join(EXAMPLES, 'terraform');

interface TrustOptions {
  sub?: string;
  provider?: string;
  account?: string;
}

/** An IRSA trust policy as HCL inside `jsonencode(...)`. */
function jsonencodeTrust(options: TrustOptions = {}): string {
  const provider = options.provider ?? PROVIDER;
  return `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${options.account ?? ACCOUNT}:oidc-provider/${provider}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${provider}:sub" = "${options.sub ?? 'system:serviceaccount:team-a:app'}"
          "${provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })`;
}

/** The same policy as JSON text, for heredocs and files. */
function jsonTrust(options: TrustOptions = {}): string {
  const provider = options.provider ?? PROVIDER;
  return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::${options.account ?? ACCOUNT}:oidc-provider/${provider}"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"${provider}:sub": "${options.sub ?? 'system:serviceaccount:team-a:app'}", "${provider}:aud": "sts.amazonaws.com"}}
    }
  ]
}`;
}

function role(assumeRolePolicy: string, extra = ''): string {
  return `resource "aws_iam_role" "app" {
  name = "AppRole"${extra}
  assume_role_policy = ${assumeRolePolicy}
}
`;
}

function rolesOf(ws: TestWorkspace, file: string): readonly RoleDefinition[] {
  return ws.service.index.get(ws.uri(file))?.facts.roles ?? [];
}

/** Every diagnostic of a file as `CODE line:character`. */
function seen(ws: TestWorkspace, file: string): string[] {
  return ws.validate(file).map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character}`);
}

describe('Terraform aws_iam_role: jsonencode trust', () => {
  test('a :sub in another namespace: LINK_TRUST_DOES_NOT_ADMIT_SA on the annotation and on the :sub in the .tf', async () => {
    const tf = role(jsonencodeTrust({ sub: 'system:serviceaccount:default:app' }));
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    const [onSa] = ws.validate('sa.yaml').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.match(String(onSa.message), /trust policy of role "AppRole" \(workspace\/main\.tf\) does not admit system:serviceaccount:team-a:app/);
    assert.ok(onSa.relatedInformation?.some((r) => r.location.uri === ws.uri('main.tf')));
    assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(tf, 'system:serviceaccount:default:app')]);
  });

  test('the :sub of the ServiceAccount: no cross-file finding, and nothing else in the .tf', async () => {
    const ws = await TestWorkspace.of({ 'main.tf': role(jsonencodeTrust()), 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });

  test("the role's facts: name, label, path, where go-to-definition lands, an embedded trust", async () => {
    const tf = role(jsonencodeTrust(), '\n  path = "/team/"');
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    const [definition] = rolesOf(ws, 'main.tf');
    assert.equal(definition.source, 'terraform');
    assert.equal(definition.name, 'AppRole');
    assert.equal(definition.label, 'aws_iam_role.app');
    assert.equal(definition.path, '/team/');
    assert.deepEqual(definition.range, { start: tf.indexOf('AppRole'), end: tf.indexOf('AppRole') + 'AppRole'.length });
    assert.equal(definition.trust?.kind, 'embedded');
    const trust = definition.trust?.kind === 'embedded' ? definition.trust.policy : undefined;
    assert.deepEqual(
      trust?.statements[0].providers.map((p) => [p.host, p.account]),
      [[PROVIDER, ACCOUNT]],
    );
    assert.deepEqual(
      trust?.statements[0].subjects[0].values.map((v) => tf.slice(v.range.start, v.range.end)),
      ['system:serviceaccount:team-a:app'],
    );
    assert.equal(ws.service.index.get(ws.uri('main.tf'))?.facts.trustPolicies.length, 1);
  });

  test('name_prefix or a computed name: a role without a name, found at its resource label', async () => {
    for (const name of ['name_prefix = "app-"', 'name = "${var.prefix}-app"', 'name = var.role_name']) {
      const tf = `resource "aws_iam_role" "app" {\n  ${name}\n  assume_role_policy = ${jsonencodeTrust()}\n}\n`;
      const ws = await TestWorkspace.of({ 'main.tf': tf });
      const [definition] = rolesOf(ws, 'main.tf');
      assert.equal(definition.name, undefined, name);
      assert.deepEqual(definition.range, { start: tf.indexOf('"app"') + 1, end: tf.indexOf('"app"') + 4 }, name);
    }
  });

  test('HCL syntax: string keys, ":" separators, commas, a single statement object, escapes', async () => {
    const tf = `resource "aws_iam_role" "app" {
  name = "AppRole"
  assume_role_policy = jsonencode({
    "Version" : "2012-10-17",
    "Statement" : {
      "Effect" : "Allow",
      "Principal" : { "Federated" : "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" },
      "Action" : ["sts:AssumeRoleWithWebIdentity"],
      "Condition" : { "StringEquals" : { "${PROVIDER}:sub" : "system:serviceaccount:default:\\u0061pp" } },
    },
  })
}
`;
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    const [onSa] = ws.validate('sa.yaml').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.match(String(onSa.message), /It admits "system:serviceaccount:default:app"/);
  });

  test('the engine checks the trust in place: IRSA_WILDCARD_IN_STRINGEQUALS on the HCL string', async () => {
    const tf = role(jsonencodeTrust({ sub: 'system:serviceaccount:team-a:*' }));
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(ws.codes('main.tf', 'IRSA_WILDCARD_IN_STRINGEQUALS').length, 1);
    const [d] = ws.validate('main.tf').filter((x) => x.code === 'IRSA_WILDCARD_IN_STRINGEQUALS');
    assert.equal(`${d.range.start.line + 1}`, at(tf, 'system:serviceaccount:team-a:*').split(':')[0]);
  });
});

describe('Terraform aws_iam_role: heredoc trust', () => {
  test('<<EOF and <<-EOF: LINK_TRUST_DOES_NOT_ADMIT_SA in the manifest and on the :sub of the heredoc', async () => {
    for (const [open, indent] of [
      ['<<EOF', ''],
      ['<<-EOT', '    '],
    ]) {
      const body = jsonTrust({ sub: 'system:serviceaccount:default:app' })
        .split('\n')
        .map((l) => indent + l)
        .join('\n');
      const tf = role(`${open}\n${body}\n${indent}${open.replace(/^<<-?/, '')}`);
      const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
      assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32'], open);
      assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(tf, 'system:serviceaccount:default:app')], open);
      assert.deepEqual(
        seen(ws, 'main.tf').filter((s) => !s.startsWith('LINK_')),
        [],
        open,
      );
    }
  });

  test('a JSON syntax error inside the heredoc: JSON_SYNTAX_ERROR at its line of the .tf', async () => {
    const body = jsonTrust().replace('"Action": "sts:AssumeRoleWithWebIdentity",', '"Action": "sts:AssumeRoleWithWebIdentity"');
    const tf = role(`<<EOF\n${body}\nEOF`);
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(ws.codes('main.tf', 'JSON_SYNTAX_ERROR'), [at(tf, '"Condition"')]);
  });

  test('a trailing comma in the heredoc: at the comma', async () => {
    const body = jsonTrust().replace('"sts.amazonaws.com"}}\n    }', '"sts.amazonaws.com"}}\n    },');
    const tf = role(`<<EOF\n${body}\nEOF`);
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(ws.codes('main.tf', 'JSON_SYNTAX_ERROR'), [at(tf, '},\n  ]', '', 1)]);
  });

  test('interpolations in the heredoc are computed values: no finding on them, the rest still read', async () => {
    const body = jsonTrust({ sub: 'system:serviceaccount:default:app' }).replace(
      `"arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"`,
      '"${aws_iam_openid_connect_provider.eks.arn}"',
    );
    const tf = role(`<<EOF\n${body}\nEOF`);
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    // DATA_TYPE_MISMATCH on the computed principal is the engine's (see the todo test of computed values).
    assert.deepEqual(
      seen(ws, 'main.tf').filter((s) => !s.startsWith('DATA_TYPE_MISMATCH')),
      ['LINK_TRUST_DOES_NOT_ADMIT_SA', 'LINK_SUB_WITHOUT_SA'].map((code) => `${code} ${at(tf, 'system:serviceaccount:default:app')}`),
    );
  });

  test('$${aws:username} in a heredoc is the IAM policy variable, not an interpolation', async () => {
    const tf = `resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/$\${aws:username}/*"}]}
EOF
}
`;
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(seen(ws, 'main.tf'), []);
  });

  test('a heredoc with %{ } directives generates its JSON: not read', async () => {
    const tf = role('<<EOF\n{"Version": "2012-10-17", "Statement": [%{ for s in var.subjects }{"Effect": "Allow"}%{ endfor }]}\nEOF');
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.equal(rolesOf(ws, 'main.tf')[0].trust, undefined);
  });
});

describe('Terraform aws_iam_role: file() trust', () => {
  // No Principal: by its content alone this would be an identity policy (MISSING_RESOURCE).
  const ambiguous = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity"}]}';

  test('file("trust.json"): the JSON file is read as the role\'s trust policy, which pins its kind', async () => {
    const tf = role('file("trust.json")');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'trust.json': ambiguous });
    const [definition] = rolesOf(ws, 'main.tf');
    assert.deepEqual(definition.trust, {
      kind: 'file',
      uri: ws.uri('trust.json'),
      range: { start: tf.indexOf('trust.json'), end: tf.indexOf('trust.json') + 10 },
    });
    assert.deepEqual(ws.service.index.get(ws.uri('main.tf'))?.facts.policyFiles, [
      { uri: ws.uri('trust.json'), kind: 'trust', range: definition.trust?.range },
    ]);
    assert.equal(ws.service.index.policyUse(ws.uri('trust.json')), 'trust');
    assert.deepEqual(ws.codes('trust.json', 'MISSING_PRINCIPAL'), ['1:40']);
    assert.deepEqual(ws.codes('trust.json', 'MISSING_RESOURCE'), []);
  });

  test('file("${path.module}/policies/trust.json"), resolved against the .tf file\'s folder', async () => {
    const tf = role('file("${path.module}/policies/trust.json")');
    const ws = await TestWorkspace.of({
      'infra/main.tf': tf,
      'infra/policies/trust.json': jsonTrust({ sub: 'system:serviceaccount:default:app' }),
      'k8s/sa.yaml': serviceAccount(),
    });
    const [definition] = rolesOf(ws, 'infra/main.tf');
    assert.equal(definition.trust?.kind === 'file' ? definition.trust.uri : undefined, ws.uri('infra/policies/trust.json'));
    assert.deepEqual(ws.codes('k8s/sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    assert.equal(ws.codes('infra/policies/trust.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
  });

  test('a path Terraform computes otherwise (path.root, a variable, templatefile) is not followed', async () => {
    for (const value of ['file("${path.root}/trust.json")', 'file(var.trust_file)', 'templatefile("trust.json.tpl", {})', 'file("/etc/trust.json")']) {
      const ws = await TestWorkspace.of({ 'main.tf': role(value), 'trust.json': ambiguous });
      assert.equal(rolesOf(ws, 'main.tf')[0].trust, undefined, value);
      assert.deepEqual(ws.service.index.get(ws.uri('main.tf'))?.facts.policyFiles, [], value);
    }
  });
});

describe('Terraform aws_iam_role: role path', () => {
  test('path = "/team/" and an annotation without it: LINK_ROLE_PATH_MISMATCH', async () => {
    const ws = await TestWorkspace.of({ 'main.tf': role(jsonencodeTrust(), '\n  path = "/team/"'), 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ROLE_PATH_MISMATCH'), ['7:32']);
    const [d] = ws.validate('sa.yaml').filter((x) => x.code === 'LINK_ROLE_PATH_MISMATCH');
    assert.deepEqual(d.data, { replacements: [`arn:aws:iam::${ACCOUNT}:role/team/AppRole`] });
  });

  test('the ARN with the path: no finding', async () => {
    const ws = await TestWorkspace.of({
      'main.tf': role(jsonencodeTrust(), '\n  path = "/team/"'),
      'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole` }),
    });
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });
});

describe('Terraform permission policies', () => {
  const policy = (action: string) => `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["${action}", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"]
    }]
  })`;

  test('aws_iam_role_policy with a misspelled action: INVALID_ACTION at its line, an inline permission of the role', async () => {
    const tf = `${role(jsonencodeTrust())}
resource "aws_iam_role_policy" "read" {
  name   = "ReadBucket"
  role   = aws_iam_role.app.id
  policy = ${policy('s3:GetObjekt')}
}
`;
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(ws.codes('main.tf', 'INVALID_ACTION'), [at(tf, 's3:GetObjekt')]);
    const [d] = ws.validate('main.tf').filter((x) => x.code === 'INVALID_ACTION');
    assert.match(String(d.message), /did you mean "s3:GetObject"\?/);
    // The document: the object inside jsonencode( … ).
    const document = { start: tf.indexOf('jsonencode(', tf.indexOf('ReadBucket')) + 'jsonencode('.length, end: tf.lastIndexOf(')') };
    assert.deepEqual(rolesOf(ws, 'main.tf')[0].permissions, [
      { kind: 'inline', label: 'ReadBucket', range: { start: tf.indexOf('ReadBucket'), end: tf.indexOf('ReadBucket') + 10 }, document },
    ]);
  });

  test('role by literal name or by aws_iam_role.x.name; policies of aws_iam_policy and attachments', async () => {
    const tf = `${role(jsonencodeTrust())}
resource "aws_iam_role_policy" "by_name" {
  role   = "approle"
  policy = ${policy('s3:GetObject')}
}
resource "aws_iam_policy" "shared" {
  name   = "Shared"
  policy = ${policy('s3:PutObjekt')}
}
resource "aws_iam_role_policy_attachment" "shared" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.shared.arn
}
resource "aws_iam_role_policy_attachment" "read_only" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`;
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(ws.codes('main.tf', 'INVALID_ACTION'), [at(tf, 's3:PutObjekt')]);
    assert.deepEqual(
      rolesOf(ws, 'main.tf')[0].permissions.map((p) => [p.kind, p.label]),
      [
        ['inline', 'aws_iam_role_policy.by_name'],
        ['managed', 'aws_iam_policy.shared'],
        ['managed', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ],
    );
  });

  test('inline_policy blocks and managed_policy_arns of the role itself', async () => {
    const tf = `resource "aws_iam_role" "app" {
  name               = "AppRole"
  assume_role_policy = ${jsonencodeTrust()}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
  inline_policy {
    name   = "Inline"
    policy = ${policy('s3:GetObjekt')}
  }
}
`;
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(ws.codes('main.tf', 'INVALID_ACTION'), [at(tf, 's3:GetObjekt')]);
    assert.deepEqual(
      rolesOf(ws, 'main.tf')[0].permissions.map((p) => [p.kind, p.label]),
      [
        ['inline', 'Inline'],
        ['managed', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      ],
    );
  });

  test('a permission policy in a file: pinned as identity, a file permission', async () => {
    const tf = `${role(jsonencodeTrust())}
resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.app.id
  policy = file("policy.json")
}
`;
    const ws = await TestWorkspace.of({
      'main.tf': tf,
      'policy.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    });
    assert.equal(ws.service.index.policyUse(ws.uri('policy.json')), 'identity');
    assert.deepEqual(
      rolesOf(ws, 'main.tf')[0].permissions.map((p) => [p.kind, p.label, p.uri]),
      [['file', 'aws_iam_role_policy.read', ws.uri('policy.json')]],
    );
  });
});

describe('Terraform data "aws_iam_policy_document"', () => {
  const document = (sub: string) => `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${PROVIDER}:sub"
      values   = ["${sub}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${PROVIDER}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}
`;

  test('as the trust of a role: read into the trust facts, LINK_TRUST_DOES_NOT_ADMIT_SA on both sides', async () => {
    const tf = document('system:serviceaccount:default:app') + role('data.aws_iam_policy_document.trust.json');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(tf, 'system:serviceaccount:default:app')]);
    assert.deepEqual(
      seen(ws, 'main.tf').filter((s) => !s.startsWith('LINK_')),
      [],
    );
  });

  test("the ServiceAccount it admits: no finding at all (effect and version are Terraform's defaults)", async () => {
    const tf = document('system:serviceaccount:team-a:app') + role('data.aws_iam_policy_document.trust.json');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });

  test('as a permission policy: checked as identity, INVALID_ACTION in place; &{aws:username} is a policy variable', async () => {
    const tf = `data "aws_iam_policy_document" "read" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObjekt"]
    resources = ["arn:aws:s3:::bucket/&{aws:username}/*"]
  }
  statement {
    effect        = "Deny"
    not_actions   = ["s3:*"]
    not_resources = ["arn:aws:s3:::bucket/*"]
  }
}
resource "aws_iam_policy" "read" {
  policy = data.aws_iam_policy_document.read.json
}
`;
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(seen(ws, 'main.tf'), [`INVALID_ACTION ${at(tf, 's3:GetObjekt')}`]);
  });

  test('the engine reads what the blocks say: an unknown principal type, a misspelled operator, in place', async () => {
    const tf =
      document('system:serviceaccount:team-a:app').replace('"Federated"', '"Federate"').replace('"StringEquals"', '"StringEqual"') +
      role('data.aws_iam_policy_document.trust.json');
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(seen(ws, 'main.tf'), [`INVALID_PRINCIPAL_KEY ${at(tf, '"Federate"')}`, `INVALID_CONDITION_OPERATOR ${at(tf, '"StringEqual"', '', 1)}`]);
  });

  test('a trust document no role of its file uses (the role is in another file): its trust facts still count', async () => {
    const providers = `resource "aws_iam_openid_connect_provider" "eks" {\n  url = "https://${PROVIDER}"\n}\n`;
    const tf = document('system:serviceaccount:team-a:app').replaceAll(PROVIDER, OTHER_PROVIDER);
    const ws = await TestWorkspace.of({ 'data.tf': tf, 'providers.tf': providers });
    assert.equal(ws.service.index.get(ws.uri('data.tf'))?.facts.trustPolicies.length, 1);
    assert.deepEqual(ws.codes('data.tf', 'LINK_PROVIDER_NOT_CLUSTER'), [at(tf, `arn:aws:iam::${ACCOUNT}:oidc-provider/`)]);
  });

  test('a document with dynamic statements or merged documents: its static statements are read, the trust is partial', async () => {
    for (const extra of [
      '  source_policy_documents = [var.base_json]\n',
      '  override_policy_documents = [data.aws_iam_policy_document.base.json]\n',
      '  dynamic "statement" {\n    for_each = var.s\n    content {}\n  }\n',
    ]) {
      const tf = document('system:serviceaccount:default:app').replace('"trust" {\n', `"trust" {\n${extra}`) + role('data.aws_iam_policy_document.trust.json');
      const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
      // The :sub names no manifest (a presence, still said); that it refuses team-a/app is not concluded.
      assert.deepEqual(seen(ws, 'main.tf'), [`LINK_SUB_WITHOUT_SA ${at(tf, 'system:serviceaccount:default:app')}`], extra);
      assert.deepEqual(seen(ws, 'sa.yaml'), [], extra);
      const trust = rolesOf(ws, 'main.tf')[0].trust;
      assert.equal(trust?.kind === 'embedded' && trust.policy.partial, true, extra);
    }
  });
});

describe('Terraform computed values', () => {
  const computedTf = `resource "aws_iam_role" "app" {
  name = "AppRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "\${local.oidc}:sub" = "system:serviceaccount:\${var.namespace}:app"
          "\${local.oidc}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = var.policy_version
    Statement = [
      {
        Sid       = "Read\${var.suffix}"
        Effect    = var.effect
        Action    = var.actions
        Resource  = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*", "arn:aws:s3:::b/$\${aws:username}/*"]
        Condition = var.secure ? { Bool = { "aws:SecureTransport" = "true" } } : {}
      },
      local.extra_statement,
      {
        Effect   = "Allow"
        Action   = [for a in var.actions : "s3:\${a}"]
        Resource = "*"
      }
    ]
  })
}
`;

  test('references, interpolation, conditionals, for expressions: no cross-file, IRSA or catalogue finding', async () => {
    const ws = await TestWorkspace.of({ 'main.tf': computedTf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
    const codes = seen(ws, 'main.tf').filter((c) => /^(LINK_|IRSA_|INVALID_ACTION|INVALID_RESOURCE|MISSING_)/.test(c));
    assert.deepEqual(codes, []);
  });

  test('no finding at all', async () => {
    const ws = await TestWorkspace.of({ 'main.tf': computedTf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(ws, 'main.tf'), []);
  });

  test('a computed provider with a literal :sub still says whom the role admits', async () => {
    const tf = computedTf.replace('system:serviceaccount:${var.namespace}:app', 'system:serviceaccount:default:app');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(tf, 'system:serviceaccount:default:app')]);
  });

  test('a computed :sub value may admit anyone: the trust is not said to refuse the ServiceAccount', async () => {
    const tf = role(jsonencodeTrust({ sub: 'system:serviceaccount:${var.namespace}:app' }));
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
    assert.deepEqual(seen(ws, 'main.tf'), []);
  });
});

describe('Terraform OIDC providers and Pod Identity associations', () => {
  const oidcProvider = (provider: string) => `resource "aws_iam_openid_connect_provider" "eks" {
  url            = "https://${provider}"
  client_id_list = ["sts.amazonaws.com"]
}
`;

  test('aws_iam_openid_connect_provider: the issuer host, without https://', async () => {
    const tf = oidcProvider(PROVIDER);
    const ws = await TestWorkspace.of({ 'providers.tf': tf });
    assert.deepEqual(ws.service.index.get(ws.uri('providers.tf'))?.facts.oidcProviders, [
      { host: PROVIDER, range: { start: tf.indexOf('https://'), end: tf.indexOf('https://') + 'https://'.length + PROVIDER.length } },
    ]);
  });

  test('a trust policy on another provider: LINK_PROVIDER_NOT_CLUSTER on its Federated principal', async () => {
    const ws = await TestWorkspace.of({ 'providers.tf': oidcProvider(PROVIDER), 'trust.json': jsonTrust({ provider: OTHER_PROVIDER }) });
    assert.deepEqual(ws.codes('trust.json', 'LINK_PROVIDER_NOT_CLUSTER'), ['6:34']);
    const [d] = ws.validate('trust.json').filter((x) => x.code === 'LINK_PROVIDER_NOT_CLUSTER');
    assert.ok(d.relatedInformation?.some((r) => r.location.uri === ws.uri('providers.tf')));
  });

  test("in a jsonencode trust of another .tf too; the cluster's own provider gets nothing", async () => {
    const other = await TestWorkspace.of({ 'providers.tf': oidcProvider(PROVIDER), 'main.tf': role(jsonencodeTrust({ provider: OTHER_PROVIDER })) });
    assert.equal(other.codes('main.tf', 'LINK_PROVIDER_NOT_CLUSTER').length, 1);
    const same = await TestWorkspace.of({ 'providers.tf': oidcProvider(PROVIDER), 'main.tf': role(jsonencodeTrust()) });
    assert.deepEqual(same.codes('main.tf', 'LINK_PROVIDER_NOT_CLUSTER'), []);
  });

  test('aws_eks_pod_identity_association: a pod-identity reference with its ServiceAccount', async () => {
    const tf = `resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "dev"
  namespace       = "team-a"
  service_account = "app"
  role_arn        = "arn:aws:iam::${ACCOUNT}:role/team/AppRole"
}
`;
    const ws = await TestWorkspace.of({ 'pod-identity.tf': tf });
    const [reference] = ws.service.index.get(ws.uri('pod-identity.tf'))?.facts.references ?? [];
    assert.deepEqual(reference, {
      kind: 'pod-identity',
      arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole`,
      range: { start: tf.indexOf('arn:'), end: tf.indexOf('AppRole"') + 7 },
      serviceAccount: {
        name: 'app',
        namespace: 'team-a',
        namespaceExplicit: true,
        range: { start: tf.indexOf('"app"\n') + 1, end: tf.indexOf('"app"\n') + 4 },
      },
      // The cluster of the session tags (aws:PrincipalTag/eks-cluster-name).
      cluster: { name: 'dev' },
    });
  });
});

describe('Terraform files that do not parse', () => {
  test('syntax errors never throw; what parses is still read', async () => {
    const valid = role(jsonencodeTrust({ sub: 'system:serviceaccount:default:app' }));
    const broken = [
      `${valid}resource "aws_iam_role" "half" {\n  name = "Half"\n  assume_role_policy = jsonencode({ Version = \n`,
      `${valid}resource "aws_iam_role_policy" {{{ ]] = = "\n`,
      `${valid}\n}}}\n`,
      'resource "aws_iam_role" "x" {\n  assume_role_policy = <<EOF\n{"Version": \n',
      'resource "aws_iam_role" "x" {\n  name = "X\n',
      'resource "aws_iam_role" "x" { assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Condition = { StringEquals = { "a:sub" = } } }] }) }',
      'data "aws_iam_policy_document" "x" { statement { principals { type = } condition { test = "StringEquals" } } }\nresource "aws_iam_role" "x" { assume_role_policy = data.aws_iam_policy_document.x.json }',
      '\u0000resource "aws_iam_role" "x"',
      '',
    ];
    for (const text of broken) {
      const ws = await TestWorkspace.of({ 'main.tf': text, 'sa.yaml': serviceAccount() });
      assert.doesNotThrow(() => ws.validate('main.tf'), text);
      assert.doesNotThrow(() => ws.validate('sa.yaml'), text);
    }
    const ws = await TestWorkspace.of({ 'main.tf': broken[0], 'sa.yaml': serviceAccount() });
    assert.ok(rolesOf(ws, 'main.tf').some((r) => r.name === 'AppRole'));
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });

  test('every prefix of a configuration being typed: no throw', async () => {
    const text = `${role(`<<-EOF\n${jsonTrust()}\nEOF`)}\n${role(jsonencodeTrust())}`;
    const ws = await TestWorkspace.of({ 'main.tf': '' });
    for (let end = 0; end <= text.length; end += 3) {
      ws.write('main.tf', text.slice(0, end));
      assert.doesNotThrow(() => ws.validate('main.tf'), `prefix of ${end}`);
    }
  });

  test('a .tf without IAM resources contributes nothing', async () => {
    const ws = await TestWorkspace.of({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.deepEqual(rolesOf(ws, 'main.tf'), []);
  });
});

describe('examples/terraform', () => {
  test('clean: no finding in any file, alone or with the rest of examples/', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLE);
    for (const file of ['oidc-provider.tf', 'dev-team-a.tf', 'service-account.yaml']) assert.deepEqual(seen(ws, file), [], file);
    const all = await TestWorkspace.fromFolder(path.dirname(EXAMPLE));
    for (const file of ['terraform/oidc-provider.tf', 'terraform/dev-team-a.tf', 'terraform/service-account.yaml']) assert.deepEqual(seen(all, file), [], file);
  });

  test("the role, its trust, its inline policy and the cluster's provider are read", async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLE);
    const [definition] = rolesOf(ws, 'dev-team-a.tf');
    assert.equal(definition.name, 'DevTeamATfRole');
    assert.equal(definition.path, '/dev-teams/');
    assert.equal(definition.trust?.kind, 'embedded');
    assert.deepEqual(
      definition.permissions.map((p) => [p.kind, p.label]),
      [['inline', 'DevTeamAPolicy']],
    );
    assert.deepEqual(
      ws.service.index.get(ws.uri('oidc-provider.tf'))?.facts.oidcProviders.map((p) => p.host),
      [PROVIDER],
    );
  });

  test("the annotation without the role's path, or in team-b: the example breaks as expected", async () => {
    const files = Object.fromEntries(
      ['oidc-provider.tf', 'dev-team-a.tf', 'service-account.yaml'].map((f) => [f, readFileSync(path.join(EXAMPLE, f), 'utf8')]),
    );
    const sa = files['service-account.yaml'];
    const pathless = await TestWorkspace.of({ ...files, 'service-account.yaml': sa.replace('role/dev-teams/', 'role/') });
    assert.equal(pathless.codes('service-account.yaml', 'LINK_ROLE_PATH_MISMATCH').length, 1);
    const teamB = await TestWorkspace.of({ ...files, 'service-account.yaml': sa.replace('namespace: team-a', 'namespace: team-b') });
    assert.equal(teamB.codes('service-account.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
    assert.equal(teamB.codes('dev-team-a.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
  });
});
