import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, ANNOTATION, at, EXAMPLES, PROVIDER, serviceAccount, trustDocument, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

const ADMITTED = trustPolicy();
const NOT_ADMITTED = trustPolicy('system:serviceaccount:default:app');

function factsOf(ws: TestWorkspace, file: string) {
  const facts = ws.service.index.get(ws.uri(file))?.facts;
  assert.ok(facts, `${file} is not indexed`);
  return facts;
}

function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

/** The role AppRole's trust in a script next to trust.json, checked against the team-a/app ServiceAccount. */
async function admits(script: string, files: Record<string, string> = { 'trust.json': NOT_ADMITTED }): Promise<string[]> {
  const ws = await TestWorkspace.of({ ...files, 'create.sh': script, 'sa.yaml': serviceAccount() });
  return ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA');
}

describe('aws iam create-role', () => {
  test('--role-name, --path and a file:// trust resolved against the script folder', async () => {
    const script = '#!/bin/sh\naws iam create-role --role-name AppRole --path /team/ --assume-role-policy-document file://../policies/trust.json\n';
    // In the order the CLI indexes them (sorted): the policy before the script that names it.
    const ws = await TestWorkspace.of({
      'policies/trust.json': NOT_ADMITTED,
      'scripts/create-roles.sh': script,
      'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/team/AppRole` }),
    });
    const { roles, policyFiles } = factsOf(ws, 'scripts/create-roles.sh');
    assert.equal(roles.length, 1);
    const [role] = roles;
    assert.deepEqual([role.source, role.name, role.path, role.account], ['aws-cli', 'AppRole', '/team/', undefined]);
    assert.equal(slice(script, role.range), 'AppRole');
    assert.deepEqual(role.trust?.kind === 'file' && [role.trust.uri, slice(script, role.trust.range)], [
      ws.uri('policies/trust.json'),
      'file://../policies/trust.json',
    ]);
    assert.deepEqual(
      policyFiles.map((p) => [p.uri, p.kind]),
      [[ws.uri('policies/trust.json'), 'trust']],
    );
    assert.equal(ws.service.index.policyUse(ws.uri('policies/trust.json')), 'trust');
    assert.equal(ws.service.analyze(ws.document('scripts/create-roles.sh')).source, 'aws-cli');
    // The trust file is the role's: both sides of the mismatch are reported.
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
    assert.deepEqual(ws.codes('policies/trust.json', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(NOT_ADMITTED, 'system:serviceaccount:default:app')]);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ROLE_PATH_MISMATCH'), []);
  });

  test('the path decides LINK_ROLE_PATH_MISMATCH', async () => {
    const ws = await TestWorkspace.of({
      'trust.json': ADMITTED,
      'create.sh': 'aws iam create-role --role-name AppRole --path /team/ --assume-role-policy-document file://trust.json',
      'sa.yaml': serviceAccount(),
    });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ROLE_PATH_MISMATCH'), [ANNOTATION]);
  });

  test('the path comes from create-role even when another command names the role first', async () => {
    const script =
      'aws iam attach-role-policy --role-name AppRole --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess\naws iam create-role --role-name AppRole --path /team/ --assume-role-policy-document file://trust.json\n';
    const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'create.sh': script });
    const [role] = factsOf(ws, 'create.sh').roles;
    assert.equal(role.path, '/team/');
    assert.equal(role.range.start, script.indexOf('AppRole', script.indexOf('create-role')));
    assert.deepEqual(
      role.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    );
  });

  test('an inline trust document: checked in place as a trust policy, and both sides of a mismatch reported', async () => {
    const document = JSON.stringify(trustDocument('system:serviceaccount:default:app'), null, 2).replace(
      '"sts:AssumeRoleWithWebIdentity"',
      '["sts:AssumeRoleWithWebIdentity", "sts:TagSesion"]',
    );
    const script = `aws iam create-role --role-name AppRole \\\n  --assume-role-policy-document '${document}'\n`;
    const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('create.sh', 'INVALID_ACTION'), [at(script, 'sts:TagSesion')]);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
    assert.deepEqual(ws.codes('create.sh', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(script, 'system:serviceaccount:default:app')]);
    assert.equal(factsOf(ws, 'create.sh').trustPolicies.length, 1);
  });
});

describe('sizes', () => {
  test('a small inline trust in a long script is within the trust policy quota', async () => {
    const script = `${'# a comment that makes the script long\n'.repeat(80)}aws iam create-role --role-name AppRole --assume-role-policy-document '${trustPolicy()}'\n`;
    const ws = await TestWorkspace.of({ 'create.sh': script });
    assert.deepEqual(
      ws.validate('create.sh').map((d) => d.code),
      [],
    );
  });
});

describe('aws iam update-assume-role-policy', () => {
  test('replaces the trust of create-role', async () => {
    const files = { 'old.json': NOT_ADMITTED, 'trust.json': ADMITTED };
    assert.deepEqual(
      await admits(
        'aws iam create-role --role-name AppRole --assume-role-policy-document file://old.json\naws iam update-assume-role-policy --role-name AppRole --policy-document file://trust.json\n',
        files,
      ),
      [],
    );
    assert.deepEqual(
      await admits(
        'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\naws iam update-assume-role-policy --role-name AppRole --policy-document file://old.json\n',
        files,
      ),
      [ANNOTATION],
    );
  });

  test('alone, it gives the role its trust', async () => {
    const ws = await TestWorkspace.of({
      'trust.json': NOT_ADMITTED,
      'update.sh': 'aws iam update-assume-role-policy --role-name AppRole --policy-document file://trust.json',
    });
    const [role] = factsOf(ws, 'update.sh').roles;
    assert.equal(role.trust?.kind, 'file');
    assert.equal(ws.service.index.policyUse(ws.uri('trust.json')), 'trust');
  });
});

describe('aws iam put-role-policy and attach-role-policy', () => {
  test('a policy file: an identity permission of the role, and the file pinned as identity', async () => {
    const script =
      'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\naws iam put-role-policy --role-name AppRole --policy-name AppPolicy --policy-document file://policies/app.json\n';
    const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'policies/app.json': '{"Version": "2012-10-17", "Statement": []}', 'create.sh': script });
    const [role] = factsOf(ws, 'create.sh').roles;
    assert.deepEqual(
      role.permissions.map((p) => [p.kind, p.label, p.uri, slice(script, p.range)]),
      [['file', 'AppPolicy', ws.uri('policies/app.json'), 'file://policies/app.json']],
    );
    assert.equal(ws.service.index.policyUse(ws.uri('policies/app.json')), 'identity');
  });

  test('an inline single-quoted document: a misspelled action at its exact line and column in the script', async () => {
    const script = [
      '#!/bin/bash',
      'set -euo pipefail',
      "aws iam put-role-policy --role-name AppRole --policy-name Inline --policy-document '{",
      '  "Version": "2012-10-17",',
      '  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObjekt"], "Resource": "*"}]',
      "}'",
      '',
    ].join('\n');
    const ws = await TestWorkspace.of({ 'inline.sh': script });
    assert.deepEqual(ws.codes('inline.sh', 'INVALID_ACTION'), ['5:64']);
    assert.equal(at(script, 's3:PutObjekt'), '5:64');
    const [d] = ws.validate('inline.sh').filter((x) => x.code === 'INVALID_ACTION');
    assert.equal(d.range.end.character - d.range.start.character, 's3:PutObjekt'.length);
    assert.deepEqual(
      factsOf(ws, 'inline.sh').roles[0].permissions.map((p) => [p.kind, p.label]),
      [['inline', 'Inline']],
    );
    assert.deepEqual(factsOf(ws, 'inline.sh').trustPolicies, []);
  });

  test('attach-role-policy: a managed permission', async () => {
    const script = 'aws iam attach-role-policy --role-name AppRole --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\n';
    const ws = await TestWorkspace.of({ 'attach.sh': script });
    const [role] = factsOf(ws, 'attach.sh').roles;
    assert.deepEqual(
      role.permissions.map((p) => [p.kind, p.label, slice(script, p.range)]),
      [['managed', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']],
    );
  });
});

describe('aws eks create-pod-identity-association', () => {
  test('a pod-identity reference with its ServiceAccount', async () => {
    const script =
      'aws eks create-pod-identity-association --cluster-name prod --namespace team-a --service-account app --role-arn arn:aws:iam::111122223333:role/team/AppRole\n';
    const ws = await TestWorkspace.of({ 'associate.sh': script });
    const { references, roles } = factsOf(ws, 'associate.sh');
    assert.deepEqual(roles, []);
    assert.equal(references.length, 1);
    const [reference] = references;
    assert.equal(reference.kind, 'pod-identity');
    assert.equal(reference.arn, 'arn:aws:iam::111122223333:role/team/AppRole');
    assert.equal(slice(script, reference.range), reference.arn);
    assert.deepEqual(
      reference.serviceAccount && [
        reference.serviceAccount.namespace,
        reference.serviceAccount.name,
        reference.serviceAccount.namespaceExplicit,
        slice(script, reference.serviceAccount.range),
      ],
      ['team-a', 'app', true, 'app'],
    );
  });

  test('it resolves to the role defined in the workspace (and is not an IRSA annotation)', async () => {
    const pods = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    });
    const create = 'aws iam create-role --role-name AppRole --path /team/ --assume-role-policy-document file://pods.json\n';
    const associate = (arn: string) =>
      `aws eks create-pod-identity-association --cluster-name prod --namespace team-a --service-account app --role-arn ${arn}\n`;
    const ws = await TestWorkspace.of({ 'pods.json': pods, 'create.sh': create, 'associate.sh': associate('arn:aws:iam::111122223333:role/AppRole') });
    assert.deepEqual(ws.codes('associate.sh', 'LINK_ROLE_PATH_MISMATCH'), [at(associate(''), '\n')]);
    assert.deepEqual(ws.codes('associate.sh', 'LINK_TRUST_NOT_WEB_IDENTITY'), []);
    const fixed = await TestWorkspace.of({ 'pods.json': pods, 'create.sh': create, 'associate.sh': associate('arn:aws:iam::111122223333:role/team/AppRole') });
    assert.deepEqual(fixed.validate('associate.sh'), []);
  });
});

describe('shell syntax', () => {
  test('--option=value', async () => {
    const script = 'aws iam create-role --role-name=AppRole --path=/team/ --assume-role-policy-document=file://trust.json\n';
    const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'create.sh': script });
    const [role] = factsOf(ws, 'create.sh').roles;
    assert.deepEqual([role.name, role.path, slice(script, role.range)], ['AppRole', '/team/', 'AppRole']);
    assert.deepEqual(role.trust?.kind === 'file' && [role.trust.uri, slice(script, role.trust.range)], [ws.uri('trust.json'), 'file://trust.json']);
  });

  test('--option=value with quotes: the value inside them, an inline document checked in place', async () => {
    const script = `aws iam put-role-policy --role-name="AppRole" --policy-name=Inline --policy-document='{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}'\n`;
    const ws = await TestWorkspace.of({ 'inline.sh': script });
    const [role] = factsOf(ws, 'inline.sh').roles;
    assert.deepEqual([role.name, slice(script, role.range)], ['AppRole', 'AppRole']);
    assert.deepEqual(ws.codes('inline.sh', 'INVALID_ACTION'), [at(script, 's3:GetObjekt')]);
    assert.deepEqual(ws.codes('inline.sh', 'JSON_SYNTAX_ERROR'), []);
  });

  test('line continuations', async () => {
    const script = 'aws iam create-role \\\n    --role-name AppRole \\\n    --path /team/ \\\n    --assume-role-policy-document file://trust.json\n';
    const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'create.sh': script });
    const [role] = factsOf(ws, 'create.sh').roles;
    assert.deepEqual([role.name, role.path, role.trust?.kind], ['AppRole', '/team/', 'file']);
    assert.equal(at(script, 'AppRole'), '2:16');
  });

  test('double-quoted arguments: the range inside the quotes', async () => {
    const script = 'aws iam create-role --role-name "AppRole" --path "/team/" --assume-role-policy-document "file://my policies/trust.json"\n';
    const ws = await TestWorkspace.of({ 'my policies/trust.json': ADMITTED, 'create.sh': script });
    const [role] = factsOf(ws, 'create.sh').roles;
    assert.deepEqual([role.name, role.path, slice(script, role.range)], ['AppRole', '/team/', 'AppRole']);
    assert.deepEqual(role.trust?.kind === 'file' && [role.trust.uri, slice(script, role.trust.range)], [
      ws.uri('my policies/trust.json'),
      'file://my policies/trust.json',
    ]);
    assert.equal(ws.service.index.policyUse(ws.uri('my policies/trust.json')), 'trust');
  });

  test('a double-quoted document with escapes: its trust facts are read, its text is not taken for broken JSON', async () => {
    const escaped = JSON.stringify(trustDocument('system:serviceaccount:default:app')).replace(/"/g, '\\"');
    const script = `aws iam create-role --role-name AppRole --assume-role-policy-document "${escaped}"\n`;
    const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount() });
    assert.deepEqual(
      ws.validate('create.sh').filter((d) => !String(d.code).startsWith('LINK_')),
      [],
    );
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
    // The subject cannot be placed exactly: the trust side is reported on the whole document.
    assert.deepEqual(ws.codes('create.sh', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(script, '{')]);
  });

  test("a document quoted in pieces around a variable ('…'\"$ACCOUNT\"'…')", async () => {
    const document = JSON.stringify(trustDocument('system:serviceaccount:default:app', { account: 'ACCOUNT_HERE' }));
    const script = `ACCOUNT=${ACCOUNT}\naws iam create-role --role-name AppRole --assume-role-policy-document '${document.replace('ACCOUNT_HERE', `'"$ACCOUNT"'`)}'\n`;
    const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount({ arn: 'arn:aws:iam::444455556666:role/AppRole' }) });
    assert.deepEqual(
      ws.validate('create.sh').filter((d) => !String(d.code).startsWith('LINK_')),
      [],
    );
    const [role] = factsOf(ws, 'create.sh').roles;
    const providers = role.trust?.kind === 'embedded' ? role.trust.policy.statements.flatMap((s) => s.providers) : [];
    assert.deepEqual(
      providers.map((p) => p.account),
      [ACCOUNT],
    );
    // The provider's account is the role's account.
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_ACCOUNT_MISMATCH'), [ANNOTATION]);
  });

  test('$VAR and ${VAR} of an earlier plain assignment', async () => {
    const script =
      '#!/bin/sh\nROLE=AppRole\nexport TRUST_FILE="trust.json"\nPOLICY_ARN=arn:aws:iam::aws:policy/ReadOnlyAccess\naws iam create-role --role-name $ROLE --assume-role-policy-document "file://${TRUST_FILE}"\naws iam attach-role-policy --role-name "${ROLE}" --policy-arn "$POLICY_ARN"\n';
    const ws = await TestWorkspace.of({ 'trust.json': NOT_ADMITTED, 'create.sh': script, 'sa.yaml': serviceAccount() });
    const [role] = factsOf(ws, 'create.sh').roles;
    assert.equal(role.name, 'AppRole');
    assert.equal(slice(script, role.range), '$ROLE');
    assert.deepEqual(role.trust?.kind === 'file' && role.trust.uri, ws.uri('trust.json'));
    assert.deepEqual(
      role.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    );
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
  });

  test('variables that are not static are unknown: no role under a wrong name', async () => {
    for (const script of [
      'aws iam create-role --role-name "$ROLE" --assume-role-policy-document file://trust.json',
      'ROLE=$(cat name.txt)\naws iam create-role --role-name "$ROLE" --assume-role-policy-document file://trust.json',
      'ROLE=AppRole\nROLE=$1\naws iam create-role --role-name "$ROLE" --assume-role-policy-document file://trust.json',
      'for ROLE in A B; do aws iam create-role --role-name "$ROLE" --assume-role-policy-document file://trust.json; done',
    ]) {
      const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'create.sh': script });
      assert.deepEqual(factsOf(ws, 'create.sh').roles, [], script);
    }
  });

  test('${ROLE:-AppRole} with ROLE unassigned: the default', async () => {
    const script = 'aws iam create-role --role-name "${ROLE:-AppRole}" --assume-role-policy-document file://trust.json';
    const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'create.sh': script });
    assert.deepEqual(
      factsOf(ws, 'create.sh').roles.map((r) => r.name),
      ['AppRole'],
    );
  });

  test('commands inside if, &&, ||, functions and $( … )', async () => {
    const script = [
      '#!/bin/bash',
      'create() {',
      '  aws iam create-role --role-name FnRole --assume-role-policy-document file://trust.json',
      '}',
      'if ! aws iam get-role --role-name IfRole >/dev/null 2>&1; then',
      '  aws iam create-role --role-name IfRole --assume-role-policy-document file://trust.json',
      'fi',
      'aws iam get-role --role-name AndRole || aws iam create-role --role-name OrRole --assume-role-policy-document file://trust.json',
      'true && aws iam create-role --role-name AndRole --assume-role-policy-document file://trust.json',
      'ARN=$(aws iam create-role --role-name SubRole --assume-role-policy-document file://trust.json --query Role.Arn --output text)',
      'echo "$(aws iam create-role --role-name QuotedSubRole --assume-role-policy-document file://trust.json)" | tee log',
      'create',
      '',
    ].join('\n');
    const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'create.sh': script });
    assert.deepEqual(
      factsOf(ws, 'create.sh')
        .roles.filter((r) => r.trust)
        .map((r) => r.name)
        .sort(),
      ['AndRole', 'FnRole', 'IfRole', 'OrRole', 'QuotedSubRole', 'SubRole'],
    );
  });

  test('global options before the service', async () => {
    for (const script of [
      'aws --debug iam create-role --role-name AppRole --assume-role-policy-document file://trust.json',
      'aws --no-cli-pager --region us-east-1 iam create-role --role-name AppRole --assume-role-policy-document file://trust.json',
      'aws --profile prod --output json iam create-role --role-name AppRole --assume-role-policy-document file://trust.json',
      '/usr/local/bin/aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json',
    ]) {
      const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'create.sh': script });
      assert.deepEqual(
        factsOf(ws, 'create.sh').roles.map((r) => [r.name, r.trust?.kind]),
        [['AppRole', 'file']],
        script,
      );
    }
  });
});

describe('what is not a source', () => {
  test('a script with no aws command', async () => {
    for (const script of [
      '#!/bin/sh\necho "run the aws cli by hand"\n',
      '#!/bin/sh\n# aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n',
      'kubectl apply -f .\n',
      '',
    ]) {
      const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'other.sh': script });
      assert.equal(ws.service.analyze(ws.document('other.sh')).source, undefined, script);
      assert.deepEqual(factsOf(ws, 'other.sh').roles, [], script);
      assert.equal(ws.service.index.policyUse(ws.uri('trust.json')), undefined, script);
      assert.deepEqual(ws.validate('other.sh'), [], script);
    }
  });

  test('the aws command in a file that is not a shell script', async () => {
    const ws = await TestWorkspace.of({
      'notes.txt': 'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json',
      'README.md': 'aws iam create-role --role-name AppRole',
    });
    assert.equal(ws.service.index.hasRoles(), false);
  });

  test('a script with syntax errors does not throw, and still yields what it can', async () => {
    const scripts = [
      'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\nif then fi ((( "unterminated\n',
      'aws iam put-role-policy --role-name AppRole --policy-document \'{"Statement": [',
      'aws iam create-role --role-name AppRole --assume-role-policy-document \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]\'',
      'aws iam create-role --role-name',
      'aws iam',
      'aws',
      '$(aws iam create-role --role-name AppRole',
      "aws iam create-role --role-name AppRole --assume-role-policy-document '{}' --assume-role-policy-document '[]'",
    ];
    for (const script of scripts) {
      const ws = await TestWorkspace.of({ 'broken.sh': script });
      assert.doesNotThrow(() => ws.validate('broken.sh'), script);
    }
    const ws = await TestWorkspace.of({ 'trust.json': ADMITTED, 'broken.sh': scripts[0] });
    assert.deepEqual(
      factsOf(ws, 'broken.sh').roles.map((r) => r.name),
      ['AppRole'],
    );
  });
});

describe('the policyFiles pin', () => {
  // A Federated principal and no sts: action: by content a resource policy, by its use a trust policy.
  const noSts = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}` }, Action: 's3:GetObject' }],
    },
    null,
    2,
  );

  test('a trust file with no sts: action is a trust policy when a script names it as one', async () => {
    const alone = await TestWorkspace.of({ 'trust.json': noSts });
    assert.deepEqual(alone.codes('trust.json', 'UNSUPPORTED_ACTION_IN_POLICY'), []);

    const script = 'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n';
    const ws = await TestWorkspace.of({ 'create.sh': script, 'trust.json': noSts, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('trust.json', 'UNSUPPORTED_ACTION_IN_POLICY'), [at(noSts, 's3:GetObject')]);
    assert.equal(factsOf(ws, 'trust.json').trustPolicies.length, 1);
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_NOT_WEB_IDENTITY'), [ANNOTATION]);
  });

  test('when the trust file is indexed before the script too', async () => {
    const script = 'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n';
    const ws = await TestWorkspace.of({ 'trust.json': noSts, 'create.sh': script, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_NOT_WEB_IDENTITY'), [ANNOTATION]);
    assert.deepEqual(ws.codes('trust.json', 'UNSUPPORTED_ACTION_IN_POLICY'), [at(noSts, 's3:GetObject')]);
  });

  test('a permission policy file is pinned as identity', async () => {
    const withPrincipal = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:GetObject', Resource: '*' }] },
      null,
      2,
    );
    const alone = await TestWorkspace.of({ 'policy.json': withPrincipal });
    assert.deepEqual(alone.codes('policy.json', 'UNSUPPORTED_PRINCIPAL'), []);
    const ws = await TestWorkspace.of({
      'create.sh': 'aws iam put-role-policy --role-name AppRole --policy-name P --policy-document file://policy.json',
      'policy.json': withPrincipal,
    });
    assert.equal(ws.codes('policy.json', 'UNSUPPORTED_PRINCIPAL').length, 1);
  });
});

describe('the examples', () => {
  test('working and broken: two roles each, their trust and permission files pinned', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    for (const folder of ['working', 'broken']) {
      const { roles, policyFiles } = factsOf(ws, `${folder}/create-roles.sh`);
      assert.deepEqual(
        roles.map((r) => [r.name, r.trust?.kind === 'file' ? r.trust.uri : undefined, r.permissions.map((p) => p.uri)]),
        [
          ['DevTeamARole', ws.uri(`${folder}/trust-policy-dev-team-a.json`), [ws.uri(`${folder}/dev-team-a-policy.json`)]],
          ['DevTeamBRole', ws.uri(`${folder}/trust-policy-dev-team-b.json`), [ws.uri(`${folder}/dev-team-b-policy.json`)]],
        ],
        folder,
      );
      for (const file of policyFiles) assert.ok(ws.service.index.get(file.uri), `${file.uri} exists`);
      assert.equal(ws.service.index.policyUse(ws.uri(`${folder}/trust-policy-dev-team-a.json`)), 'trust');
      assert.equal(ws.service.index.policyUse(ws.uri(`${folder}/dev-team-a-policy.json`)), 'identity');
      assert.deepEqual(ws.validate(`${folder}/create-roles.sh`), [], folder);
    }
  });
});
