import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { FIX_ALL_KIND } from '../../server/src/service';
import { ACCOUNT, EXAMPLES, policy, PROVIDER, serviceAccount, trustDocument, trustPolicy } from '../support/fixtures';
import { applyEdit, fixed, Fixing } from '../support/fixing';
import { TestWorkspace } from '../support/workspace';

const statement = (body: string) => `{
      "Effect": "Allow",
      ${body}
    }`;

describe('did-you-mean replacements', () => {
  test('an action: one fix per suggestion, the first preferred', async () => {
    const files = { 'p.json': policy(statement(`"Action": "s3:GetObj|ct",\n      "Resource": "*"`)) };
    const fixing = await Fixing.of(files, 'p.json');
    const actions = fixing.actions();
    assert.equal(actions[0].title, "Change to 's3:GetObject'");
    assert.equal(actions[0].isPreferred, true);
    assert.ok(actions.slice(1).every((a) => !a.isPreferred));
    const { text } = await fixed(files, 'p.json', 'INVALID_ACTION', "Change to 's3:GetObject'");
    assert.match(text, /"Action": "s3:GetObject",/);
  });
  const cases: [string, string, string, RegExp][] = [
    ['a service prefix', `"Action": "s4:Get|Object",\n      "Resource": "*"`, "Change to 's3:GetObject'", /"Action": "s3:GetObject"/],
    ['a statement element', `"Actio|ns": "s3:GetObject",\n      "Resource": "*"`, "Change to 'Action'", /"Action": "s3:GetObject"/],
    [
      'a condition operator',
      `"Action": "s3:GetObject",\n      "Resource": "*",\n      "Condition": {"StringEqual|": {"aws:PrincipalAccount": "111122223333"}}`,
      "Change to 'StringEquals'",
      /"StringEquals": \{"aws:PrincipalAccount"/,
    ],
    [
      'a global condition key',
      `"Action": "s3:GetObject",\n      "Resource": "*",\n      "Condition": {"StringEquals": {"aws:PrincipalAcount|": "111122223333"}}`,
      "Change to 'aws:PrincipalAccount'",
      /\{"aws:PrincipalAccount": "111122223333"\}/,
    ],
  ];
  for (const [what, body, title, expected] of cases) {
    test(what, async () => {
      const files = { 'p.json': policy(statement(body)) };
      const fixing = await Fixing.of(files, 'p.json');
      const code = String(fixing.diagnostics()[0]?.code);
      const { text } = await fixed(files, 'p.json', code, title);
      assert.match(text, expected);
    });
  }

  test('canonical action case', async () => {
    const { text } = await fixed(
      { 'p.json': policy(statement(`"Action": "S3:get|object",\n      "Resource": "*"`)) },
      'p.json',
      'NON_CANONICAL_ACTION_CASE',
      "Change to 's3:GetObject'",
    );
    assert.match(text, /"Action": "s3:GetObject"/);
  });

  test('an annotation key of the webhook', async () => {
    const sa = serviceAccount().replace('eks.amazonaws.com/role-arn', 'eks.amazonaws.com/role_a|rn');
    const { text } = await fixed({ 'sa.yaml': sa }, 'sa.yaml', 'IRSA_ANNOTATION_KEY_TYPO', "Change to 'eks.amazonaws.com/role-arn'");
    assert.match(text, /\n    eks\.amazonaws\.com\/role-arn: arn:aws:iam::/);
  });

  test('a condition key no action sends: the same tag under a key the action sends (the broken finance policy)', async () => {
    const finance = readFileSync(path.join(EXAMPLES, 'broken', 'finance-policy.json'), 'utf8').replace('"aws:RequestTag', '"aws:Request|Tag');
    const fixing = await Fixing.of({ 'finance-policy.json': finance }, 'finance-policy.json');
    assert.deepEqual(fixing.titles('UNSUPPORTED_ACTION_FOR_CONDITION_KEY'), [
      "Change to 's3:ExistingObjectTag/Department'",
      "Change to 'aws:ResourceTag/Department'",
      "Change to 's3:AccessPointTag/Department'",
    ]);
    const { text } = await fixed(
      { 'finance-policy.json': finance },
      'finance-policy.json',
      'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
      "Change to 's3:ExistingObjectTag/Department'",
    );
    assert.match(text, /"s3:ExistingObjectTag\/Department": \["Finance"\]/);
  });
});

describe('StringEquals and StringLike', () => {
  const trust = (operator: string, sub: string) => trustPolicy(sub, { operator }).replace(`"${operator}"`, `"${operator.slice(0, 6)}|${operator.slice(6)}"`);
  test('a wildcard under StringEquals: StringLike', async () => {
    const files = { 'trust.json': trust('StringEquals', 'system:serviceaccount:team-a:*').replace('|', '').replace('team-a:*', 'team-a:|*') };
    const { text } = await fixed(files, 'trust.json', 'IRSA_WILDCARD_IN_STRINGEQUALS', "Change to 'StringLike'");
    assert.match(text, /"StringLike": \{\n/);
  });
  test('StringLike without a wildcard: StringEquals', async () => {
    const files = { 'trust.json': trust('StringLike', 'system:serviceaccount:team-a:app').replace('|', '').replace('"oidc.eks', '"|oidc.eks') };
    const { text } = await fixed(files, 'trust.json', 'IRSA_STRINGLIKE_WITHOUT_WILDCARD', "Change to 'StringEquals'");
    assert.match(text, /"StringEquals": \{\n/);
  });
});

describe('adding "Version"', () => {
  const body = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  for (const [style, indent] of [
    ['two spaces', 2],
    ['four spaces', 4],
    ['tabs', '\t'],
  ] as const) {
    test(`as the first member, indented like its siblings (${style})`, async () => {
      const text = JSON.stringify(body, null, indent).replace('{', '{|');
      const { text: after } = await fixed({ 'p.json': text }, 'p.json', 'MISSING_VERSION', 'Add "Version": "2012-10-17"');
      assert.equal(after, JSON.stringify({ Version: '2012-10-17', ...body }, null, indent));
    });
  }
  test('a policy on one line stays on one line', async () => {
    const text = '{|"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
    const { text: after } = await fixed({ 'p.json': text }, 'p.json', 'MISSING_VERSION', 'Add "Version": "2012-10-17"');
    assert.equal(after, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  });
  test('CRLF line ends are kept', async () => {
    const text = JSON.stringify(body, null, 2).replace('{', '{|').replace(/\n/g, '\r\n');
    const { text: after } = await fixed({ 'p.json': text }, 'p.json', 'MISSING_VERSION', 'Add "Version": "2012-10-17"');
    assert.ok(after.startsWith('{\r\n  "Version": "2012-10-17",\r\n  "Statement"'), after);
  });
});

/** An AWS CLI script creating AppRole with trust.json as its trust policy: ServiceAccounts annotated with AppRole use that trust. */
const SCRIPT = '#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n';

/** A trust document (object) as the user wrote it, with the cursor on its Federated principal. */
function trustText(document: object): string {
  return JSON.stringify(document, null, 2).replace('"arn:aws:iam::', '"|arn:aws:iam::');
}

describe('IRSA conditions', () => {
  test(':aud goes beside :sub in the StringEquals block', async () => {
    const document = trustDocument();
    delete (document.Statement[0].Condition.StringEquals as Record<string, string>)[`${PROVIDER}:aud`];
    const { text } = await fixed({ 'trust.json': trustText(document) }, 'trust.json', 'IRSA_MISSING_AUD', 'Add the :aud condition ("sts.amazonaws.com")');
    assert.equal(text, trustText(trustDocument()).replace('|', ''));
  });

  test(':sub for a ServiceAccount of the workspace: those using the role first', async () => {
    const document: { Statement: Record<string, unknown>[] } = trustDocument();
    delete document.Statement[0].Condition;
    const files = {
      'trust.json': trustText(document),
      'create-roles.sh': SCRIPT,
      'a/other.yaml': serviceAccount({ name: 'other', namespace: 'team-b', arn: `arn:aws:iam::${ACCOUNT}:role/OtherRole` }),
      'sa.yaml': serviceAccount(),
    };
    const fixing = await Fixing.of(files, 'trust.json');
    assert.deepEqual(fixing.titles('IRSA_MISSING_SUB'), ['Add a :sub condition for team-a/app', 'Add a :sub condition for team-b/other']);
    const { text } = await fixed(files, 'trust.json', 'IRSA_MISSING_SUB', 'Add a :sub condition for team-a/app');
    assert.match(
      text,
      new RegExp(
        `"Action": "sts:AssumeRoleWithWebIdentity",\n      "Condition": \\{\n        "StringEquals": \\{\n          "${PROVIDER}:sub": "system:serviceaccount:team-a:app"\n        \\}\n      \\}\n    \\}`,
      ),
    );
  });

  test('no ServiceAccount in the workspace: no :sub to offer', async () => {
    const document: { Statement: Record<string, unknown>[] } = trustDocument();
    delete document.Statement[0].Condition;
    const fixing = await Fixing.of({ 'trust.json': trustText(document) }, 'trust.json');
    assert.deepEqual(fixing.titles('IRSA_MISSING_SUB'), []);
    assert.deepEqual(fixing.titles('IRSA_MISSING_AUD'), ['Add the :aud condition ("sts.amazonaws.com")']);
  });
});

describe('Pod Identity: sts:TagSession', () => {
  const podTrust = (action: unknown) =>
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: action }] },
      null,
      2,
    ).replace('"sts:AssumeRole"', '"sts:Assume|Role"');
  test('a single action becomes a list', async () => {
    const { text } = await fixed({ 'trust.json': podTrust('sts:AssumeRole') }, 'trust.json', 'PODID_MISSING_TAGSESSION', 'Add "sts:TagSession"');
    assert.match(text, /"Action": \["sts:AssumeRole", "sts:TagSession"\]/);
  });
  test('a list over lines gets a line', async () => {
    const { text } = await fixed({ 'trust.json': podTrust(['sts:AssumeRole']) }, 'trust.json', 'PODID_MISSING_TAGSESSION', 'Add "sts:TagSession"');
    assert.match(text, /"Action": \[\n        "sts:AssumeRole",\n        "sts:TagSession"\n      \]/);
  });
});

/** A CloudFormation template (YAML) defining AppRole with an IRSA trust, and a permission policy when given. */
function template(options: { sub?: string; aud?: boolean; policyDocument?: string }): string {
  const aud = options.aud ? `\n                ${PROVIDER}:aud: sts.amazonaws.com` : '';
  const policies = options.policyDocument ? `      Policies:\n        - PolicyName: objects\n          PolicyDocument:\n${options.policyDocument}` : '';
  return `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AppRole
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                ${PROVIDER}:sub: ${options.sub ?? 'system:serviceaccount:team-a:app'}${aud}
${policies}`;
}

describe('LINK_TRUST_DOES_NOT_ADMIT_SA', () => {
  const TRUST = 'broken/trust-policy-dev-team-a.json';
  const ACCOUNTS = 'broken/service-accounts.yaml';
  const LINK = 'LINK_TRUST_DOES_NOT_ADMIT_SA';

  test('on the broken Dev Team A ServiceAccount: admit it in the trust file, which clears the finding in both files', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    const fixing = Fixing.on(ws, ACCOUNTS, LINK);
    assert.deepEqual(fixing.titles(LINK), [
      'Admit team-a/dev-team-a-sa in trust-policy-dev-team-a.json',
      'Rename this ServiceAccount to default/dev-team-a-sa',
    ]);
    const [admit] = fixing.actions().filter((a) => a.diagnostics?.[0].code === LINK);
    assert.equal(admit.isPreferred, true);
    assert.deepEqual(Object.keys(admit.edit!.changes!), [ws.uri(TRUST)]);
    const yaml = fixing.text();
    fixing.apply(admit.title);
    assert.equal(fixing.text(), yaml, 'the manifest is left as it is');
    assert.match(fixing.text(TRUST), /:sub": "system:serviceaccount:team-a:dev-team-a-sa",\n/);
    assert.equal(fixing.codes(LINK, ACCOUNTS), 0);
    assert.equal(fixing.codes(LINK, TRUST), 0);
    assert.deepEqual(fixing.errors(TRUST), []);
  });

  test('on the ServiceAccount: rename it to the subject the trust admits', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    const fixing = Fixing.on(ws, ACCOUNTS, LINK);
    const text = fixing.apply('Rename this ServiceAccount to default/dev-team-a-sa');
    assert.match(text, /  name: dev-team-a-sa\n  namespace: default\n/);
    assert.equal(fixing.codes(LINK, ACCOUNTS), 0);
    assert.equal(fixing.codes(LINK, TRUST), 0);
  });

  test('on the trust policy: admit the ServiceAccount instead of the subject no manifest defines, or beside it', async () => {
    const ws = await TestWorkspace.fromFolder(EXAMPLES);
    const fixing = Fixing.on(ws, TRUST, LINK);
    assert.deepEqual(fixing.titles(LINK), ['Admit team-a/dev-team-a-sa instead of default/dev-team-a-sa', 'Admit team-a/dev-team-a-sa too']);
    const replaced = fixing.apply('Admit team-a/dev-team-a-sa instead of default/dev-team-a-sa');
    assert.match(replaced, /:sub": "system:serviceaccount:team-a:dev-team-a-sa",\n/);
    assert.equal(fixing.codes(LINK, TRUST), 0);
    assert.equal(fixing.codes(LINK, ACCOUNTS), 0);
  });

  test('on the trust policy: a subject some manifest defines is kept, the ServiceAccount added beside it', async () => {
    const files = {
      'create-roles.sh': SCRIPT,
      'trust.json': trustPolicy('system:serviceaccount:team-a:|app'),
      'app.yaml': serviceAccount(),
      'worker.yaml': serviceAccount({ name: 'worker' }),
    };
    const fixing = await Fixing.of(files, 'trust.json');
    assert.deepEqual(fixing.titles(LINK), ['Admit team-a/worker too']);
    const text = fixing.apply('Admit team-a/worker too');
    assert.match(text, /:sub": \["system:serviceaccount:team-a:app", "system:serviceaccount:team-a:worker"\]/);
    assert.equal(fixing.codes(LINK), 0);
    assert.equal(fixing.codes(LINK, 'worker.yaml'), 0);
    assert.deepEqual(fixing.errors(), []);
  });

  test('a trust in a CloudFormation template: its plain :sub scalar is replaced from the ServiceAccount', async () => {
    const stack = template({ sub: 'system:serviceaccount:default:app', aud: true });
    const fixing = await Fixing.of({ 'stack.yaml': stack, 'sa.yaml': serviceAccount().replace('role/AppRole', 'role/|AppRole') }, 'sa.yaml');
    fixing.apply('Admit team-a/app in stack.yaml');
    assert.equal(fixing.text('stack.yaml'), stack.replace('default:app', 'team-a:app'));
    assert.equal(fixing.codes(LINK), 0);
    assert.equal(fixing.codes(LINK, 'stack.yaml'), 0);
  });

  test('on a ServiceAccount without a namespace line: the rename adds one under the name', async () => {
    const files = {
      'create-roles.sh': SCRIPT,
      'trust.json': trustPolicy('system:serviceaccount:team-b:app'),
      'sa.yaml': serviceAccount({ namespace: null }).replace('role/AppRole', 'role/App|Role'),
    };
    const fixing = await Fixing.of(files, 'sa.yaml');
    const text = fixing.apply('Rename this ServiceAccount to team-b/app');
    assert.match(text, /\n  name: app\n  namespace: team-b\n  annotations:/);
    assert.equal(fixing.codes(LINK), 0);
    assert.equal(fixing.codes(LINK, 'trust.json'), 0);
  });
});

describe('ServiceAccount fixes', () => {
  test('the role path goes into the annotation', async () => {
    const files = {
      'create-roles.sh': SCRIPT.replace('--role-name AppRole', '--role-name AppRole --path /team/'),
      'trust.json': trustPolicy(),
      'sa.yaml': serviceAccount().replace('role/AppRole', 'role/|AppRole'),
    };
    const { text } = await fixed(files, 'sa.yaml', 'LINK_ROLE_PATH_MISMATCH', `Change to 'arn:aws:iam::${ACCOUNT}:role/team/AppRole'`);
    assert.match(text, new RegExp(`\n    eks\\.amazonaws\\.com/role-arn: arn:aws:iam::${ACCOUNT}:role/team/AppRole\n`));
  });

  test('an annotation value YAML reads as a boolean is quoted', async () => {
    const sa = `${serviceAccount()}    eks.amazonaws.com/sts-regional-endpoints: tr|ue\n`;
    const { text } = await fixed({ 'sa.yaml': sa }, 'sa.yaml', 'K8S_ANNOTATION_NOT_STRING', 'Quote the value: "true"');
    assert.match(text, /\n    eks\.amazonaws\.com\/sts-regional-endpoints: "true"\n$/);
  });
});

describe('statement fixes', () => {
  test('a redundant action is removed with its comma', async () => {
    const text = policy(statement(`"Action": [\n        "s3:Get*",\n        "s3:Get|Object",\n        "s3:PutObject"\n      ],\n      "Resource": "*"`));
    const { text: after } = await fixed({ 'p.json': text }, 'p.json', 'REDUNDANT_ACTION', "Remove 's3:GetObject'");
    assert.match(after, /"Action": \[\n        "s3:Get\*",\n        "s3:PutObject"\n      \]/);
  });

  test('actions that never send a condition key move to a statement of their own', async () => {
    // The check speaks only when no action sends the key; a diagnostic naming some of them (as an editor may hold) splits the statement.
    const text = policy(`{
      "Sid": "Tagged",
      "Effect": "Allow",
      "Action": [
        "ec2:StartInstances",
        "s3:ListAllMyBuckets"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "aws:ResourceTag/Team": "a"
        }
      }
    }`);
    const ws = await TestWorkspace.of({ 'p.json': text });
    const document = ws.document('p.json');
    const key = text.indexOf('aws:ResourceTag');
    const range = { start: document.positionAt(key), end: document.positionAt(key + 'aws:ResourceTag/Team'.length) };
    const diagnostic: Diagnostic = {
      range,
      message: '',
      source: 'iam-irsa',
      code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
      data: { actions: ['s3:ListAllMyBuckets'] },
    };
    const [action] = ws.service.getCodeActions(document, range, [diagnostic]);
    assert.equal(action.title, 'Move "s3:ListAllMyBuckets" to a statement without "aws:ResourceTag/Team"');
    applyEdit(ws, action);
    assert.equal(
      ws.document('p.json').getText(),
      policy(`{
      "Sid": "Tagged",
      "Effect": "Allow",
      "Action": [
        "ec2:StartInstances"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "aws:ResourceTag/Team": "a"
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets"
      ],
      "Resource": "*"
    }`),
    );
    assert.deepEqual(
      ws.validate('p.json').filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
    );
  });
});

describe('policies embedded in other files', () => {
  const objects = `            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: [s3:PutObject, s3:GetObjct]
                Resource: "*"
`;

  test('CloudFormation YAML: a replacement is a plain scalar in place', async () => {
    const { text } = await fixed(
      { 'stack.yaml': template({ policyDocument: objects.replace('GetObjct', 'Get|Objct') }) },
      'stack.yaml',
      'INVALID_ACTION',
      "Change to 's3:GetObject'",
    );
    assert.match(text, /\n {16}Action: \[s3:PutObject, s3:GetObject\]\n/);
  });

  test('CloudFormation YAML: :aud is a line of the StringEquals mapping', async () => {
    const { text } = await fixed(
      { 'stack.yaml': template({ policyDocument: objects }).replace('Federated: arn', 'Federated: |arn') },
      'stack.yaml',
      'IRSA_MISSING_AUD',
      'Add the :aud condition ("sts.amazonaws.com")',
    );
    assert.match(text, new RegExp(`\n {16}${PROVIDER}:sub: system:serviceaccount:team-a:app\n {16}${PROVIDER}:aud: sts\\.amazonaws\\.com\n {6}Policies:`));
  });

  test('CloudFormation YAML: Version is the first line of the policy mapping', async () => {
    const { text } = await fixed(
      { 'stack.yaml': template({ policyDocument: objects.replace('            Version: 2012-10-17\n', '').replace('Statement:', 'S|tatement:') }) },
      'stack.yaml',
      'MISSING_VERSION',
      'Add "Version": "2012-10-17"',
    );
    assert.match(text, /\n {10}PolicyDocument:\n {12}Version: "2012-10-17"\n {12}Statement:\n/);
  });

  test('Terraform: a replacement inside the quotes of jsonencode; no JSON insert into HCL', async () => {
    const tf = `resource "aws_iam_role" "app" {
  name = "AppRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "|arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentty"
      Condition = { StringEquals = { "${PROVIDER}:sub" = "system:serviceaccount:team-a:app" } }
    }]
  })
}
`;
    const fixing = await Fixing.of({ 'main.tf': tf }, 'main.tf');
    assert.deepEqual(fixing.titles('IRSA_MISSING_AUD'), []);
    const at = tf.replace('|', '').indexOf('AssumeRoleWithWebIdentty');
    const typo = await Fixing.of({ 'main.tf': tf.replace('|', '').replace('AssumeRoleWithWebIdentty', 'AssumeRoleWith|WebIdentty') }, 'main.tf');
    assert.ok(at > 0);
    const text = typo.apply("Change to 'sts:AssumeRoleWithWebIdentity'");
    assert.match(text, /Action {4}= "sts:AssumeRoleWithWebIdentity"\n/);
    assert.equal(typo.codes('INVALID_ACTION'), 0);
  });
});

describe('fix all', () => {
  const text = `{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["S3:getobject", "s3:putobject", "s3:GetObjct"],
      "Resource": "*",
      "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.5/24"}}
    }
  ]
}`;
  const safe = ['NON_CANONICAL_ACTION_CASE', 'MISSING_VERSION', 'IMPROVE_IP_RANGE'];

  test('source.fixAll applies the safe fixes together and leaves the others', async () => {
    const ws = await TestWorkspace.of({ 'p.json': text });
    const document = ws.document('p.json');
    const all = { start: document.positionAt(0), end: document.positionAt(text.length) };
    const actions = ws.service.getCodeActions(document, all, ws.validate('p.json'), ['source.fixAll']);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all safe iam-irsa problems (4)', FIX_ALL_KIND]],
    );
    applyEdit(ws, actions[0]);
    const after = ws.document('p.json').getText();
    assert.match(after, /^\{\n  "Version": "2012-10-17",\n  "Statement"/);
    assert.match(after, /"Action": \["s3:GetObject", "s3:PutObject", "s3:GetObjct"\]/);
    assert.match(after, /"aws:SourceIp": "203\.0\.113\.0\/24"/);
    const codes = ws.validate('p.json').map((d) => String(d.code));
    assert.deepEqual(
      codes.filter((c) => safe.includes(c)),
      [],
    );
    assert.ok(codes.includes('INVALID_ACTION'), 'a fix with several answers is left to the user');
  });

  test('from the Source Action menu, with only the diagnostics under the cursor, it still fixes the whole file', async () => {
    const ws = await TestWorkspace.of({ 'p.json': text });
    const document = ws.document('p.json');
    const here = document.positionAt(text.indexOf('S3:getobject'));
    const diagnostics = ws.validate('p.json').filter((d) => d.range.start.line === here.line && d.range.start.character === here.character);
    const [action] = ws.service.getCodeActions(document, { start: here, end: here }, diagnostics, ['source.fixAll']);
    assert.equal(action.title, 'Fix all safe iam-irsa problems (4)');
  });

  test('asked for quick fixes (or nothing in particular), no fix-all; asked for source actions, only it', async () => {
    const ws = await TestWorkspace.of({ 'p.json': text });
    const document = ws.document('p.json');
    const all = { start: document.positionAt(0), end: document.positionAt(text.length) };
    const diagnostics = ws.validate('p.json');
    const kinds = (only?: string[]) => [...new Set(ws.service.getCodeActions(document, all, diagnostics, only).map((a) => a.kind))];
    assert.deepEqual(kinds(), ['quickfix']);
    assert.deepEqual(kinds(['quickfix']), ['quickfix']);
    assert.deepEqual(kinds(['source']), [FIX_ALL_KIND]);
    assert.deepEqual(kinds([FIX_ALL_KIND]), [FIX_ALL_KIND]);
    assert.deepEqual(kinds(['refactor']), []);
  });
});

describe('bad input', () => {
  test('data that does not fit the document gives no fix and no exception', async () => {
    const ws = await TestWorkspace.of({ 'p.json': '{"Statement": [{"Effect": "Allow", "Act', 'sa.yaml': serviceAccount() });
    for (const file of ['p.json', 'sa.yaml']) {
      const document = ws.document(file);
      const range = { start: document.positionAt(3), end: document.positionAt(9999) };
      const junk: Diagnostic[] = [
        {
          range,
          message: '',
          source: 'iam-irsa',
          code: 'LINK_TRUST_DOES_NOT_ADMIT_SA',
          data: { trustUri: 5, namespace: 'a', name: 'b', subjects: [null, { start: 'x' }] },
        },
        {
          range,
          message: '',
          source: 'iam-irsa',
          code: 'LINK_TRUST_DOES_NOT_ADMIT_SA',
          data: { serviceAccountUri: ws.uri('sa.yaml'), namespace: 'a', name: 'b' },
        },
        { range, message: '', source: 'iam-irsa', code: 'MISSING_VERSION', data: { insertVersion: 7 } },
        { range, message: '', source: 'iam-irsa', code: 'PODID_MISSING_TAGSESSION', data: { missing: 'sts:TagSession' } },
        { range, message: '', source: 'iam-irsa', code: 'IRSA_MISSING_SUB', data: { key: 'x:sub' } },
        { range, message: '', source: 'iam-irsa', code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY', data: { actions: 'x' } },
        { range, message: '', source: 'iam-irsa', code: 'INVALID_ACTION', data: { replacements: ['s3:GetObject'], range: { start: 5000, end: 6000 } } },
        { range, message: '', source: 'iam-irsa', code: 'REDUNDANT_ACTION', data: { remove: { start: 1, end: 99999 } } },
        { range, message: '', source: 'other', code: 'INVALID_ACTION', data: { replacements: ['x'] } },
      ];
      assert.deepEqual(ws.service.getCodeActions(document, range, junk, undefined), [], file);
      // Fix-all reads the document's own diagnostics, not what the editor sent.
      const fixAll = ws.service.getCodeActions(document, range, junk, ['source.fixAll']);
      assert.deepEqual(
        fixAll.map((a) => a.title),
        file === 'p.json' ? ['Fix all safe iam-irsa problems (1)'] : [],
        file,
      );
    }
  });
});
