import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RoleDefinition } from '../../server/src/service/workspace/facts';
import { ACCOUNT, at, PROVIDER, serviceAccount } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** A web identity statement block of an aws_iam_policy_document admitting `sub`. */
function webIdentity(sub: string, actions = '"sts:AssumeRoleWithWebIdentity"'): string {
  return `  statement {
    actions = [${actions}]
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
`;
}

const DYNAMIC = `  dynamic "statement" {
    for_each = var.extra_subjects
    content {
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals {
        type        = "Federated"
        identifiers = [var.provider_arn]
      }
      condition {
        test     = "StringEquals"
        variable = "\${var.provider}:sub"
        values   = [statement.value]
      }
    }
  }
`;

const ROLE = `resource "aws_iam_role" "app" {
  name               = "AppRole"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;

function seen(ws: TestWorkspace, file: string): string[] {
  return ws.validate(file).map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character}`);
}

function rolesOf(ws: TestWorkspace, file: string): readonly RoleDefinition[] {
  return ws.service.index.get(ws.uri(file))?.facts.roles ?? [];
}

describe('Terraform policy documents with dynamic statements', () => {
  const withDynamic = (statements: string) => `data "aws_iam_policy_document" "trust" {\n${statements}${DYNAMIC}}\n${ROLE}`;

  test('a fault planted in a static statement beside a dynamic one is found on its line', async () => {
    const tf = withDynamic(webIdentity('system:serviceaccount:team-a:app', '"sts:AssumeRoleWithWebIdentty"'));
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(
      seen(ws, 'main.tf').filter((c) => c.startsWith('INVALID_ACTION')),
      [`INVALID_ACTION ${at(tf, 'sts:AssumeRoleWithWebIdentty')}`],
    );
  });

  test('good twin: the same statement spelled right, beside the dynamic one: no finding anywhere', async () => {
    const tf = withDynamic(webIdentity('system:serviceaccount:team-a:app'));
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });

  test('the static statements are the role trust, marked partial: a ServiceAccount they do not admit is not said to be refused', async () => {
    const tf = withDynamic(webIdentity('system:serviceaccount:team-a:app'));
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount({ namespace: 'team-b' }) });
    const trust = rolesOf(ws, 'main.tf')[0].trust;
    assert.ok(trust?.kind === 'embedded');
    assert.equal(trust.policy.partial, true);
    assert.deepEqual(
      trust.policy.statements.flatMap((s) => s.subjects.flatMap((c) => c.values.map((v) => v.value))),
      ['system:serviceaccount:team-a:app'],
    );
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
  });

  test('bad twin: without the dynamic block the same ServiceAccount is refused, on both sides', async () => {
    const tf = `data "aws_iam_policy_document" "trust" {\n${webIdentity('system:serviceaccount:team-a:app')}}\n${ROLE}`;
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount({ namespace: 'team-b' }) });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    assert.deepEqual(ws.codes('main.tf', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(tf, 'system:serviceaccount:team-a:app')]);
  });

  test('a :sub of a static statement naming no ServiceAccount still gets LINK_SUB_WITHOUT_SA on its line', async () => {
    const tf = withDynamic(webIdentity('system:serviceaccount:team-a:ap'));
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('main.tf', 'LINK_SUB_WITHOUT_SA'), [at(tf, 'system:serviceaccount:team-a:ap')]);
  });

  test('only dynamic statements: no MISSING_STATEMENT, no LINK_TRUST_NOT_WEB_IDENTITY', async () => {
    const tf = withDynamic('');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount() });
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });

  test('a static statement holding a dynamic condition is left out (partial): no IRSA_MISSING_SUB on it', async () => {
    const statement = webIdentity('system:serviceaccount:team-a:app').replace(
      /    condition \{\n      test     = "StringEquals"\n      variable = "[^"]+:sub"[^}]+\}\n/,
      '    dynamic "condition" {\n      for_each = var.conditions\n      content {\n        test = condition.value.test\n      }\n    }\n',
    );
    assert.ok(statement.includes('dynamic "condition"'));
    const tf = `data "aws_iam_policy_document" "trust" {\n${statement}}\n${ROLE}`;
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'sa.yaml': serviceAccount({ namespace: 'team-b' }) });
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.deepEqual(seen(ws, 'sa.yaml'), []);
  });
});

describe('Terraform merged policy documents (source_policy_documents)', () => {
  const merged = (baseSub: string, ownAction: string) => `data "aws_iam_policy_document" "base" {
${webIdentity(baseSub)}}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
${webIdentity('system:serviceaccount:team-b:app', ownAction)}}
${ROLE}`;

  test('sources all static in the same file are merged: the role trust admits both, complete (not partial)', async () => {
    const tf = merged('system:serviceaccount:team-a:app', '"sts:AssumeRoleWithWebIdentity"');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'a.yaml': serviceAccount(), 'b.yaml': serviceAccount({ namespace: 'team-b' }) });
    const trust = rolesOf(ws, 'main.tf')[0].trust;
    assert.ok(trust?.kind === 'embedded');
    assert.equal(trust.policy.partial, undefined);
    assert.equal(trust.policy.statements.length, 2);
    assert.deepEqual(seen(ws, 'main.tf'), []);
    assert.deepEqual(seen(ws, 'a.yaml'), []);
    assert.deepEqual(seen(ws, 'b.yaml'), []);
  });

  test('bad twin: a ServiceAccount neither document admits is refused (the merged trust is whole)', async () => {
    const tf = merged('system:serviceaccount:team-a:app', '"sts:AssumeRoleWithWebIdentity"');
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'c.yaml': serviceAccount({ namespace: 'team-c' }) });
    assert.deepEqual(ws.codes('c.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
  });

  test('a fault planted in the merged document is found on its line', async () => {
    const tf = merged('system:serviceaccount:team-a:app', '"sts:AssumeRoleWithWebIdenity"');
    const ws = await TestWorkspace.of({ 'main.tf': tf });
    assert.deepEqual(
      seen(ws, 'main.tf').filter((c) => c.startsWith('INVALID_ACTION')),
      [`INVALID_ACTION ${at(tf, 'sts:AssumeRoleWithWebIdenity')}`],
    );
  });

  test('a source computed elsewhere (a variable, another module): partial, nothing concluded from an absence', async () => {
    const tf = merged('system:serviceaccount:team-a:app', '"sts:AssumeRoleWithWebIdentity"').replace(
      '[data.aws_iam_policy_document.base.json]',
      '[data.aws_iam_policy_document.base.json, var.extra]',
    );
    const ws = await TestWorkspace.of({ 'main.tf': tf, 'c.yaml': serviceAccount({ namespace: 'team-c' }) });
    assert.deepEqual(seen(ws, 'c.yaml'), []);
  });
});
