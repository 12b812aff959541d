import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXAMPLES, serviceAccount, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

describe('the examples workspace', () => {
  test('broken: the Dev Team A ServiceAccount is not admitted by its trust policy, in both files', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    const sa = ws.validate('broken/service-accounts.yaml').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(sa.length, 1);
    assert.equal(sa[0].range.start.line, 7);
    assert.match(
      String(sa[0].message),
      /trust policy of role "DevTeamARole" \(broken\/trust-policy-dev-team-a\.json\) does not admit system:serviceaccount:team-a:dev-team-a-sa/,
    );
    assert.match(String(sa[0].message), /It admits "system:serviceaccount:default:dev-team-a-sa"/);
    assert.ok(sa[0].relatedInformation?.some((r) => r.location.uri.endsWith('broken/trust-policy-dev-team-a.json')));
    const trust = ws.validate('broken/trust-policy-dev-team-a.json').filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.equal(trust.length, 1);
    assert.match(String(trust[0].message), /system:serviceaccount:team-a:dev-team-a-sa uses role "DevTeamARole" \(broken\/service-accounts\.yaml\)/);
  });
  test('working: no cross-file finding at all', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    for (const file of [
      'working/service-accounts.yaml',
      'working/trust-policy-dev-team-a.json',
      'working/trust-policy-dev-team-b.json',
      'working/create-roles.sh',
    ]) {
      assert.deepEqual(
        ws
          .validate(file)
          .filter((d) => String(d.code).startsWith('LINK_'))
          .map((d) => d.message),
        [],
        file,
      );
    }
  });
});

const script = (extra = '') => `#!/bin/sh\naws iam create-role --role-name AppRole${extra} --assume-role-policy-document file://trust.json\n`;

async function workspace(files: { script?: string; trust?: string; sa?: string; [file: string]: string | undefined }) {
  const named: Record<string, string> = {};
  for (const [key, text] of Object.entries(files)) {
    if (text === undefined) continue;
    named[key === 'script' ? 'create-roles.sh' : key === 'trust' ? 'trust.json' : key === 'sa' ? 'service-account.yaml' : key] = text;
  }
  return TestWorkspace.of(named);
}

describe('LINK_TRUST_DOES_NOT_ADMIT_SA', () => {
  test('a namespace that differs: on the annotation and on the :sub, each naming the other file', async () => {
    const ws = await workspace({ script: script(), trust: trustPolicy('system:serviceaccount:default:app'), sa: serviceAccount() });
    assert.deepEqual(ws.codes('service-account.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), ['7:32']);
    assert.equal(ws.codes('trust.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
  });
  test('a manifest without namespace is in default, and the message says so', async () => {
    const ws = await workspace({ script: script(), trust: trustPolicy('system:serviceaccount:team-a:app'), sa: serviceAccount({ namespace: null }) });
    const [d] = ws.validate('service-account.yaml').filter((x) => x.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
    assert.match(String(d.message), /system:serviceaccount:default:app \(no namespace in this manifest: "default" assumed\)/);
  });
  test('StringLike patterns, several values, and the right subject are admitted', async () => {
    for (const [sub, operator] of [
      ['system:serviceaccount:team-a:app', 'StringEquals'],
      ['system:serviceaccount:team-a:*', 'StringLike'],
      ['system:serviceaccount:team-?:app', 'StringLike'],
    ]) {
      const ws = await workspace({ script: script(), trust: trustPolicy(sub, { operator }), sa: serviceAccount() });
      assert.deepEqual(ws.codes('service-account.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [], sub);
      assert.deepEqual(ws.codes('trust.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [], sub);
    }
  });
  test('a wildcard under StringEquals admits nobody', async () => {
    const ws = await workspace({ script: script(), trust: trustPolicy('system:serviceaccount:team-a:*'), sa: serviceAccount() });
    assert.equal(ws.codes('service-account.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
  });
  test('an edit of the trust file is seen by the ServiceAccount', async () => {
    const ws = await workspace({ script: script(), trust: trustPolicy('system:serviceaccount:default:app'), sa: serviceAccount() });
    assert.equal(ws.codes('service-account.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA').length, 1);
    assert.equal(ws.write('trust.json', trustPolicy('system:serviceaccount:team-a:app')), true);
    assert.deepEqual(ws.codes('service-account.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
  });
});

describe('the other cross-file codes', () => {
  test('LINK_TRUST_NOT_WEB_IDENTITY: a Pod Identity trust behind an IRSA annotation', async () => {
    const pods = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    });
    const ws = await workspace({ script: script(), trust: pods, sa: serviceAccount() });
    const [d] = ws.validate('service-account.yaml').filter((x) => x.code === 'LINK_TRUST_NOT_WEB_IDENTITY');
    assert.match(String(d.message), /EKS Pod Identity/);
  });
  test('LINK_ACCOUNT_MISMATCH, with the ARN of the right account as the fix', async () => {
    const ws = await workspace({
      script: script(),
      trust: trustPolicy('system:serviceaccount:team-a:app'),
      sa: serviceAccount({ arn: 'arn:aws:iam::444455556666:role/AppRole' }),
    });
    const [d] = ws.validate('service-account.yaml').filter((x) => x.code === 'LINK_ACCOUNT_MISMATCH');
    assert.deepEqual((d.data as { replacements: string[] }).replacements, ['arn:aws:iam::111122223333:role/AppRole']);
  });
  test('LINK_ROLE_PATH_MISMATCH: the role has a path the ARN leaves out', async () => {
    const ws = await workspace({ script: script(' --path /team/'), trust: trustPolicy('system:serviceaccount:team-a:app'), sa: serviceAccount() });
    const [d] = ws.validate('service-account.yaml').filter((x) => x.code === 'LINK_ROLE_PATH_MISMATCH');
    assert.deepEqual((d.data as { replacements: string[] }).replacements, ['arn:aws:iam::111122223333:role/team/AppRole']);
    const fixed = await workspace({
      script: script(' --path /team/'),
      trust: trustPolicy('system:serviceaccount:team-a:app'),
      sa: serviceAccount({ arn: 'arn:aws:iam::111122223333:role/team/AppRole' }),
    });
    assert.deepEqual(fixed.codes('service-account.yaml', 'LINK_ROLE_PATH_MISMATCH'), []);
  });
  test('LINK_AUDIENCE_MISMATCH: a custom audience the trust does not require', async () => {
    const ws = await workspace({ script: script(), trust: trustPolicy('system:serviceaccount:team-a:app'), sa: serviceAccount({ audience: 'my-audience' }) });
    assert.equal(ws.codes('service-account.yaml', 'LINK_AUDIENCE_MISMATCH').length, 1);
    const same = await workspace({
      script: script(),
      trust: trustPolicy('system:serviceaccount:team-a:app', { aud: 'my-audience' }),
      sa: serviceAccount({ audience: 'my-audience' }),
    });
    assert.deepEqual(same.codes('service-account.yaml', 'LINK_AUDIENCE_MISMATCH'), []);
  });
  test('LINK_ROLE_NOT_FOUND only when the workspace defines roles', async () => {
    const ws = await workspace({
      script: script(),
      trust: trustPolicy('system:serviceaccount:team-a:app'),
      sa: serviceAccount({ arn: 'arn:aws:iam::111122223333:role/Other' }),
    });
    assert.equal(ws.codes('service-account.yaml', 'LINK_ROLE_NOT_FOUND').length, 1);
    const none = await workspace({ sa: serviceAccount({ arn: 'arn:aws:iam::111122223333:role/Other' }) });
    assert.deepEqual(none.codes('service-account.yaml', 'LINK_ROLE_NOT_FOUND'), []);
  });
  test('LINK_SUB_WITHOUT_SA: a subject no manifest defines, only when the workspace defines ServiceAccounts', async () => {
    const ws = await workspace({ script: script(), trust: trustPolicy('system:serviceaccount:team-a:ap'), sa: serviceAccount() });
    assert.equal(ws.codes('trust.json', 'LINK_SUB_WITHOUT_SA').length, 1);
    const alone = await workspace({ trust: trustPolicy('system:serviceaccount:team-a:ap') });
    assert.deepEqual(alone.codes('trust.json', 'LINK_SUB_WITHOUT_SA'), []);
  });
});

describe('LINK_PROVIDER_NOT_CLUSTER', () => {
  const provider =
    'resource "aws_iam_openid_connect_provider" "eks" {\n  url = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"\n}\n';
  test("a trust on another cluster's issuer", async () => {
    const ws = await workspace({
      'providers.tf': provider,
      trust: trustPolicy('system:serviceaccount:team-a:app', { provider: 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }),
    });
    assert.equal(ws.codes('trust.json', 'LINK_PROVIDER_NOT_CLUSTER').length, 1);
  });
  test("a GitHub Actions trust is no cluster's: not compared", async () => {
    const ws = await workspace({
      'providers.tf': provider,
      trust: trustPolicy('repo:org/app:ref:refs/heads/main', { provider: 'token.actions.githubusercontent.com' }),
    });
    assert.deepEqual(ws.codes('trust.json', 'LINK_PROVIDER_NOT_CLUSTER'), []);
  });
});
