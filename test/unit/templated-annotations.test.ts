// A role-arn annotation that is a template (`${CARTS_IAM_ROLE}`, `$(ROLE_ARN)`, `{{ .Values.roleArn }}`,
// `<role-arn>`) is no ARN yet: no ARN-format finding, and the ServiceAccount is linked to the role whose
// trust admits it by its :sub, for every cross-file feature. And any issuer's trust trusts a ServiceAccount.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MarkupContent } from 'vscode-languageserver-types';
import { ACCOUNT, serviceAccount, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

const SCRIPT = '#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n';

function workspace(arn: string, sub = 'system:serviceaccount:team-a:app', extra: Record<string, string> = {}) {
  return TestWorkspace.of({ 'create-roles.sh': SCRIPT, 'trust.json': trustPolicy(sub), 'sa.yaml': serviceAccount({ arn }), ...extra });
}

function offsetOf(ws: TestWorkspace, file: string, needle: string, delta = 1) {
  const document = ws.document(file);
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${file}`);
  return { document, position: document.positionAt(offset + delta) };
}

function hover(ws: TestWorkspace, file: string, needle: string): string | undefined {
  const { document, position } = offsetOf(ws, file, needle);
  const result = ws.service.doHover(document, position);
  return result ? (result.contents as MarkupContent).value : undefined;
}

const TEMPLATES = ['${CARTS_IAM_ROLE}', '$(ROLE_ARN)', '"{{ .Values.serviceAccount.roleArn }}"', '<role-arn>', 'arn:aws:iam::${AWS_ACCOUNT_ID}:role/${ROLE}'];

describe('templated role-arn annotations', () => {
  for (const template of TEMPLATES) {
    test(`${template}: no ARN-format finding, linked to AppRole by subject, no cross-file finding`, async () => {
      const ws = await workspace(template);
      const codes = ws.validate('sa.yaml').map((d) => d.code);
      assert.ok(!codes.includes('IRSA_ROLE_ARN_FORMAT'), codes.join());
      assert.deepEqual(
        codes.filter((c) => String(c).startsWith('LINK_')),
        [],
      );
      // A documentation placeholder is still one to replace.
      assert.deepEqual(codes.filter((c) => c === 'PLACEHOLDER_VALUE').length, template === '<role-arn>' ? 1 : 0);
      assert.match(hover(ws, 'sa.yaml', template.slice(0, 6)) ?? '', /\*\*IAM role `AppRole`\*\*/);
    });
  }
  test('bad twin: a literal value that is no ARN is still IRSA_ROLE_ARN_FORMAT', async () => {
    const ws = await workspace('arn:aws:iam::12345:role/AppRole');
    assert.deepEqual(ws.codes('sa.yaml', 'IRSA_ROLE_ARN_FORMAT'), ['7:32']);
  });
  test('no role admits the ServiceAccount: LINK_ROLE_NOT_FOUND on the annotation, saying why', async () => {
    const ws = await workspace('${CARTS_IAM_ROLE}', 'system:serviceaccount:team-b:app');
    const found = ws.validate('sa.yaml').filter((d) => d.code === 'LINK_ROLE_NOT_FOUND');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 6);
    assert.match(
      String(found[0].message),
      /template \("\$\{CARTS_IAM_ROLE\}"\), and no role of the workspace admits system:serviceaccount:team-a:app by its :sub/,
    );
    assert.match(hover(ws, 'sa.yaml', '${CARTS') ?? '', /No role of the workspace admits this ServiceAccount/);
    // Without any role in the workspace, nothing to say.
    const alone = await TestWorkspace.of({ 'sa.yaml': serviceAccount({ arn: '${CARTS_IAM_ROLE}' }) });
    assert.deepEqual(alone.codes('sa.yaml', 'LINK_ROLE_NOT_FOUND'), []);
  });
  test('StringLike admits by pattern; a trust without :sub links nobody by subject', async () => {
    const like = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': trustPolicy('system:serviceaccount:team-a:*', { operator: 'StringLike' }),
      'sa.yaml': serviceAccount({ arn: '${ROLE_ARN}' }),
    });
    assert.deepEqual(like.codes('sa.yaml', 'LINK_ROLE_NOT_FOUND'), []);
    assert.match(hover(like, 'sa.yaml', '${ROLE') ?? '', /IAM role `AppRole`/);
    const open = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE` },
            Action: 'sts:AssumeRoleWithWebIdentity',
          },
        ],
      }),
      'sa.yaml': serviceAccount({ arn: '${ROLE_ARN}' }),
    });
    assert.deepEqual(open.codes('sa.yaml', 'LINK_ROLE_NOT_FOUND'), ['7:32']);
  });
  test('LINK_AUDIENCE_MISMATCH through a template, as with a literal ARN', async () => {
    const ws = await TestWorkspace.of({
      'create-roles.sh': SCRIPT,
      'trust.json': trustPolicy('system:serviceaccount:team-a:app'),
      'sa.yaml': serviceAccount({ arn: '${ROLE_ARN}', audience: 'vault' }),
    });
    assert.equal(ws.codes('sa.yaml', 'LINK_AUDIENCE_MISMATCH').length, 1);
  });
  test('definition, references, document link, hover and code lens', async () => {
    const ws = await workspace('${CARTS_IAM_ROLE}');
    const { document, position } = offsetOf(ws, 'sa.yaml', '${CARTS');
    const [link] = ws.service.findDefinition(document, position);
    assert.equal(link.targetUri, ws.uri('trust.json'));
    const trustText = ws.document('trust.json').getText();
    assert.equal(ws.document('trust.json').offsetAt(link.targetSelectionRange.start), trustText.indexOf('system:serviceaccount:team-a:app'));
    // References on the role's name find the template annotation.
    const role = offsetOf(ws, 'create-roles.sh', 'AppRole');
    const refs = ws.service.findReferences(role.document, role.position, { includeDeclaration: false });
    assert.deepEqual(
      refs.map((r) => `${r.uri.split('/').pop()}:${r.range.start.line + 1}`),
      ['sa.yaml:7'],
    );
    // And from the annotation itself.
    const fromAnnotation = ws.service.findReferences(document, position, { includeDeclaration: true });
    assert.ok(fromAnnotation.some((r) => r.uri.endsWith('create-roles.sh')));
    const links = ws.service.findDocumentLinks(document);
    assert.equal(links.length, 1);
    assert.match(links[0].target ?? '', /create-roles\.sh#L2/);
    const text = hover(ws, 'sa.yaml', '${CARTS') ?? '';
    assert.match(text, /\*\*IAM role `AppRole`\*\*/);
    assert.match(text, /template: linked by the ServiceAccount's subject `system:serviceaccount:team-a:app`/);
    assert.match(text, /Admits this ServiceAccount, team-a\/app/);
    const lenses = ws.service.findCodeLenses(ws.document('trust.json'));
    assert.match(lenses[0].command?.title ?? '', /admits 1 ServiceAccount: team-a\/app/);
  });
  test('a template of 100 KB: read quickly, no finding of its own', async () => {
    const big = `\${${'A'.repeat(100_000)}`;
    const started = Date.now();
    const ws = await workspace(big);
    const diagnostics = ws.validate('sa.yaml');
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      [],
    );
  });
});

describe('any issuer: a :sub naming a ServiceAccount trusts it, whoever signs the token', () => {
  const ISSUERS = ['api.example.com', 's3.amazonaws.com/my-oidc-bucket', 'example-oidc-provider', '<OIDC_PROVIDER>', 'kubernetes.default.svc'];
  for (const provider of ISSUERS) {
    test(`${provider}: the right subject is admitted, another one gets LINK_TRUST_DOES_NOT_ADMIT_SA on both sides`, async () => {
      const good = await TestWorkspace.of({
        'create-roles.sh': SCRIPT,
        'trust.json': trustPolicy('system:serviceaccount:team-a:app', { provider }),
        'sa.yaml': serviceAccount(),
      });
      assert.deepEqual(
        good.validate('sa.yaml').filter((d) => String(d.code).startsWith('LINK_')),
        [],
      );
      const bad = await TestWorkspace.of({
        'create-roles.sh': SCRIPT,
        'trust.json': trustPolicy('system:serviceaccount:team-b:app', { provider }),
        'sa.yaml': serviceAccount(),
      });
      assert.deepEqual(bad.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
      assert.equal(bad.codes('trust.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
      // Navigation from the :sub value of any issuer's trust to the manifest.
      const trustDoc = bad.document('trust.json');
      const subAt = trustDoc.positionAt(trustDoc.getText().indexOf('system:serviceaccount:team-b:app') + 1);
      assert.deepEqual(bad.service.findDefinition(trustDoc, subAt), []);
      const goodTrust = good.document('trust.json');
      const [toManifest] = good.service.findDefinition(goodTrust, goodTrust.positionAt(goodTrust.getText().indexOf('system:serviceaccount:team-a:app') + 1));
      assert.equal(toManifest?.targetUri, good.uri('sa.yaml'));
      assert.match(good.service.findCodeLenses(goodTrust)[0]?.command?.title ?? '', /admits 1 ServiceAccount: team-a\/app/);
      // The EKS format checks leave other issuers alone.
      assert.deepEqual(bad.codes('trust.json', 'IRSA_PROVIDER_FORMAT'), []);
      // The quick fix admits the ServiceAccount in the trust file.
      const diagnostic = bad.validate('sa.yaml').find((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA')!;
      const actions = bad.service.getCodeActions(bad.document('sa.yaml'), diagnostic.range, [diagnostic]);
      assert.ok(
        actions.some((a) => /Admit team-a\/app in trust\.json/.test(a.title)),
        actions.map((a) => a.title).join(),
      );
    });
  }
});

describe("any issuer: hover on the :sub key of the statement's own provider", () => {
  test('example-oidc-provider:sub is a claim of that provider, naming a ServiceAccount; a GitHub-like sub is not', async () => {
    const ws = await TestWorkspace.of({
      'trust.json': trustPolicy('system:serviceaccount:my-namespace:my-service-account', { provider: 'example-oidc-provider' }),
      'ci.json': trustPolicy('repo:octo-org/octo-repo:ref:refs/heads/main', { provider: 'ci-provider' }),
    });
    const show = (file: string, needle: string) => {
      const { document, position } = offsetOf(ws, file, needle, 3);
      return (ws.service.doHover(document, position)?.contents as MarkupContent | undefined)?.value ?? '';
    };
    const text = show('trust.json', 'example-oidc-provider:sub');
    assert.match(text, /\*\*Claim `sub`\*\* of the tokens of the identity provider `example-oidc-provider`/);
    assert.match(text, /The ServiceAccount the token was issued to/);
    const ci = show('ci.json', 'ci-provider:sub');
    assert.match(ci, /\*\*Claim `sub`\*\* of the tokens of the identity provider `ci-provider`/);
    assert.doesNotMatch(ci, /ServiceAccount/);
  });
});
