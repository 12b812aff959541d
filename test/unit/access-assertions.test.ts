import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYamlText } from 'yaml';
import { REPO_ROOT } from '../support/lspClient';
import { TestWorkspace } from '../support/workspace';

const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function trust(namespace: string, name: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${PROVIDER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${PROVIDER}:sub`]: `system:serviceaccount:${namespace}:${name}`, [`${PROVIDER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  );
}

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

function serviceAccount(namespace: string, name: string, role: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/${role}
`;
}

const SEND = { Sid: 'Queue', Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: 'arn:aws:sqs:us-east-1:111122223333:payments' };
const PASS_ROLE = { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/payments-*' };

/** payments/payments and payments/refunds, each with its role and inline policy (a CLI script), plus the access file. */
async function workspace(access: string, paymentsPolicy = policy(SEND), files: Record<string, string> = {}): Promise<TestWorkspace> {
  return TestWorkspace.of({
    'create-roles.sh': [
      'aws iam create-role --role-name PaymentsRole --assume-role-policy-document file://trust-payments.json',
      'aws iam put-role-policy --role-name PaymentsRole --policy-name PaymentsPolicy --policy-document file://payments-policy.json',
      'aws iam create-role --role-name RefundsRole --assume-role-policy-document file://trust-refunds.json',
      'aws iam put-role-policy --role-name RefundsRole --policy-name RefundsPolicy --policy-document file://refunds-policy.json',
      '',
    ].join('\n'),
    'trust-payments.json': trust('payments', 'payments'),
    'trust-refunds.json': trust('payments', 'refunds'),
    'payments-policy.json': paymentsPolicy,
    'refunds-policy.json': policy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:refunds' }),
    'service-accounts.yaml': `${serviceAccount('payments', 'payments', 'PaymentsRole')}---\n${serviceAccount('payments', 'refunds', 'RefundsRole')}`,
    'iam-irsa.access.yaml': access,
    ...files,
  });
}

/** The ACCESS_ findings of the access file: `line:character code message` (1-based line). */
function findings(ws: TestWorkspace, file = 'iam-irsa.access.yaml'): string[] {
  return ws
    .validate(file)
    .filter((d) => String(d.code).startsWith('ACCESS_'))
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.code} ${d.message}`);
}

describe('access assertions: pass', () => {
  test('can on an allowed action and cannot on an action no statement allows give nothing', async () => {
    const ws = await workspace(`- serviceAccount: payments/payments
  can: [sqs:SendMessage, sqs:ReceiveMessage]
  on: arn:aws:sqs:us-east-1:111122223333:payments
- serviceAccount: payments/*
  cannot: [iam:*, sqs:DeleteQueue]
  description: no pod of payments manages IAM
`);
    assert.deepEqual(findings(ws), []);
  });

  test('a file that is not an access file by name is not read as one', async () => {
    const ws = await workspace('', policy(SEND), { 'expectations.yaml': '- serviceAccount: nobody/nothing\n  cannot: iam:*\n' });
    assert.deepEqual(findings(ws, 'expectations.yaml'), []);
  });

  test('*.access.yml files are access files too', async () => {
    const ws = await workspace('', policy(SEND), { 'team.access.yml': '- serviceAccount: nobody/nothing\n  cannot: iam:*\n' });
    assert.deepEqual(findings(ws, 'team.access.yml'), [
      '1:18 ACCESS_EXPECTATION_NO_MATCH No ServiceAccount of the workspace matches nobody/nothing: the expectation checks nothing',
    ]);
  });
});

describe('access assertions: fail', () => {
  test('can: an implicit deny, on the action, naming the role', async () => {
    const ws = await workspace(`- serviceAccount: payments/payments
  can: sqs:DeleteMessage
  on: arn:aws:sqs:us-east-1:111122223333:payments
`);
    assert.deepEqual(findings(ws), [
      '2:7 ACCESS_EXPECTATION_FAILED payments/payments cannot sqs:DeleteMessage on arn:aws:sqs:us-east-1:111122223333:payments: no statement of role PaymentsRole allows it (implicit deny)',
    ]);
  });

  test('can: an explicit deny names the Deny statement, its policy, file and line', async () => {
    const deny = { Sid: 'NoReceive', Effect: 'Deny', Action: 'sqs:ReceiveMessage', Resource: '*' };
    const ws = await workspace(
      `- serviceAccount: payments/payments
  can: sqs:ReceiveMessage
  on: arn:aws:sqs:us-east-1:111122223333:payments
`,
      policy(SEND, deny),
    );
    const [finding] = findings(ws);
    assert.match(
      finding,
      /^2:7 ACCESS_EXPECTATION_FAILED payments\/payments cannot sqs:ReceiveMessage on .*: denied by statement NoReceive of policy PaymentsPolicy \(payments-policy\.json:13\)$/,
    );
  });

  test('cannot iam:* on * (the default): a grant on a specific role is found, with the statement that allows it', async () => {
    const ws = await workspace(
      `- serviceAccount: payments/*
  cannot: iam:*
`,
      policy(SEND, PASS_ROLE),
    );
    assert.deepEqual(findings(ws), [
      '2:10 ACCESS_EXPECTATION_FAILED payments/payments can iam:PassRole on arn:aws:iam::111122223333:role/payments-*: allowed by statement 2 of policy PaymentsPolicy (payments-policy.json:13)',
    ]);
  });

  test('cannot: a Deny of the same action keeps the expectation', async () => {
    const deny = { Effect: 'Deny', Action: 'iam:*', Resource: '*' };
    const ws = await workspace('- serviceAccount: payments/payments\n  cannot: iam:PassRole\n', policy(SEND, PASS_ROLE, deny));
    assert.deepEqual(findings(ws), []);
  });

  test('can with a wildcard: every action it names must be allowed; the message counts those that are not', async () => {
    const ws = await workspace(`- serviceAccount: payments/payments
  can: sqs:*Message
  on: arn:aws:sqs:us-east-1:111122223333:payments
`);
    const [finding] = findings(ws);
    assert.match(
      finding,
      /^2:7 ACCESS_EXPECTATION_FAILED payments\/payments cannot \d+ of the \d+ actions sqs:\*Message names, e\.g\. sqs:\w+Message, on arn:/,
    );
  });

  test("can: a role whose trust does not admit the ServiceAccount fails, saying so (the seed article's mistake)", async () => {
    const ws = await workspace(
      '- serviceAccount: payments/payments\n  can: sqs:SendMessage\n  on: arn:aws:sqs:us-east-1:111122223333:payments\n',
      policy(SEND),
      { 'trust-payments.json': trust('default', 'payments') },
    );
    const [finding] = findings(ws);
    assert.match(
      finding,
      /its pods cannot assume role PaymentsRole, whose trust policy does not admit system:serviceaccount:payments:payments \(LINK_TRUST_DOES_NOT_ADMIT_SA\)/,
    );
  });
});

describe('access assertions: depends', () => {
  const CONDITIONAL = { ...SEND, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } };

  test('can fails when the answer depends on a key the context does not give, and passes with it', async () => {
    const ws = await workspace(
      `- serviceAccount: payments/payments
  can: sqs:SendMessage
  on: arn:aws:sqs:us-east-1:111122223333:payments
- serviceAccount: payments/payments
  can: sqs:SendMessage
  on: arn:aws:sqs:us-east-1:111122223333:payments
  context:
    aws:SourceIp: 10.1.2.3
`,
      policy(CONDITIONAL),
    );
    assert.deepEqual(findings(ws), [
      '2:7 ACCESS_EXPECTATION_FAILED payments/payments cannot sqs:SendMessage on arn:aws:sqs:us-east-1:111122223333:payments: it depends on aws:SourceIp (give it under context:)',
    ]);
  });

  test('cannot fails when some context could allow it', async () => {
    const ws = await workspace('- serviceAccount: payments/payments\n  cannot: sqs:SendMessage\n', policy(CONDITIONAL));
    assert.deepEqual(findings(ws), [
      '2:10 ACCESS_EXPECTATION_FAILED payments/payments may sqs:SendMessage on arn:aws:sqs:us-east-1:111122223333:payments, depending on aws:SourceIp',
    ]);
  });
});

describe('access assertions: no match, unknown, unproven', () => {
  test('a serviceAccount pattern matching nothing is a finding on its value', async () => {
    const ws = await workspace('- serviceAccount: payment/*\n  cannot: iam:*\n');
    assert.deepEqual(findings(ws), ['1:18 ACCESS_EXPECTATION_NO_MATCH No ServiceAccount of the workspace matches payment/*: the expectation checks nothing']);
  });

  test('a misspelled action is invalid, with a did-you-mean the quick fix applies', async () => {
    const ws = await workspace('- serviceAccount: payments/payments\n  cannot: sqs:SendMesage\n');
    const [diagnostic] = ws.validate('iam-irsa.access.yaml').filter((d) => String(d.code).startsWith('ACCESS_'));
    assert.equal(diagnostic.code, 'ACCESS_FILE_INVALID');
    assert.equal(diagnostic.message, 'sqs:SendMesage names no action of the IAM catalogue; did you mean sqs:SendMessage?');
    assert.deepEqual(diagnostic.range.start, { line: 1, character: 10 });
    const document = ws.document('iam-irsa.access.yaml');
    const [fix] = ws.service.getCodeActions(document, diagnostic.range, [diagnostic]);
    assert.equal(fix?.title.includes('sqs:SendMessage'), true, JSON.stringify(fix));
  });

  test('cannot on a ServiceAccount whose role is not in the workspace is unproven (a warning), can fails', async () => {
    const ws = await TestWorkspace.of({
      'service-account.yaml': serviceAccount('payments', 'payments', 'PaymentsRole'),
      'iam-irsa.access.yaml': '- serviceAccount: payments/payments\n  cannot: iam:PassRole\n- serviceAccount: payments/payments\n  can: sqs:SendMessage\n',
    });
    const diagnostics = ws.validate('iam-irsa.access.yaml');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range.start.line + 1]),
      [
        ['ACCESS_EXPECTATION_UNPROVEN', 2, 2],
        ['ACCESS_EXPECTATION_FAILED', 1, 4],
      ],
    );
    assert.equal(
      diagnostics[0].message,
      'no role found for payments/payments in the files: the role PaymentsRole is not defined in the workspace: its policies are not known',
    );
  });
});

describe('access assertions: a bad file', () => {
  test('each problem is ACCESS_FILE_INVALID at its place; the valid expectations are still checked', async () => {
    const ws = await workspace(`- serviceAccount: payments/payments
  can: sqs:SendMessage
  cannot: iam:*
- serviceAccount: Payments
  cannot: iam:*
- serviceAccount: payments/payments
  cannot: iam
  on: bucket
  resource: "*"
- just a string
- serviceAccount: payments/payments
  context: [a]
  can: sqs:DeleteMessage
- serviceAccount: payments/payments
  can: sqs:DeleteMessage
  on: arn:aws:sqs:us-east-1:111122223333:payments
`);
    assert.deepEqual(
      findings(ws).map((f) => f.split(' ').slice(0, 2).join(' ')),
      [
        '3:2 ACCESS_FILE_INVALID',
        '4:18 ACCESS_FILE_INVALID',
        '9:2 ACCESS_FILE_INVALID',
        '7:10 ACCESS_FILE_INVALID',
        '8:6 ACCESS_FILE_INVALID',
        '10:2 ACCESS_FILE_INVALID',
        '12:11 ACCESS_FILE_INVALID',
        '15:7 ACCESS_EXPECTATION_FAILED',
      ],
    );
  });

  test('not a list, and not YAML: one clear finding each, no crash', async () => {
    const notList = await workspace('serviceAccount: payments/payments\ncan: sqs:SendMessage\n');
    assert.deepEqual(findings(notList), [
      '1:0 ACCESS_FILE_INVALID an access file is a list of expectations (- serviceAccount: NAMESPACE/NAME, can: or cannot: ACTION)',
    ]);
    const broken = await workspace('- serviceAccount: [payments\n  can: x\n');
    assert.ok(findings(broken).length >= 1);
    assert.ok(findings(broken).every((f) => f.includes('ACCESS_FILE_INVALID')));
    const empty = await workspace('');
    assert.deepEqual(findings(empty), []);
  });
});

describe('access assertions: re-checked when the files they read change', () => {
  test('an open access file is affected by a change of a policy text (which changes no fact of the index)', async () => {
    const ws = await workspace('- serviceAccount: payments/payments\n  cannot: iam:PassRole\n');
    const access = ws.document('iam-irsa.access.yaml');
    ws.service.open(access);
    assert.deepEqual(findings(ws), []);
    ws.service.affectedDocuments();
    ws.write('payments-policy.json', policy(SEND, PASS_ROLE));
    assert.deepEqual(ws.service.affectedDocuments(), [access.uri]);
    assert.equal(findings(ws).length, 1);
    assert.deepEqual(ws.service.affectedDocuments(), []);
  });

  test('an edit of the open policy document (not saved) counts too', async () => {
    const ws = await workspace('- serviceAccount: payments/payments\n  cannot: iam:PassRole\n');
    const access = ws.document('iam-irsa.access.yaml');
    ws.service.open(access);
    const policyUri = ws.uri('payments-policy.json');
    const edited = TextDocument.create(policyUri, 'json', 1, policy(SEND));
    ws.service.open(edited);
    assert.deepEqual(findings(ws), []);
    ws.service.affectedDocuments();
    TextDocument.update(edited, [{ text: policy(SEND, PASS_ROLE) }], 2);
    ws.service.validate(edited);
    assert.ok(ws.service.affectedDocuments().includes(access.uri));
    assert.equal(findings(ws).length, 1);
  });
});

describe('access assertions: the JSON Schema', () => {
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'access.schema.json'), 'utf8'));
  const validator = new Ajv({ allErrors: true }).compile(schema);

  test("accepts the CLI fixture's file and rejects what the service rejects", () => {
    const fixture = parseYamlText(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'access-002', 'iam-irsa.access.yaml'), 'utf8'));
    assert.ok(validator(fixture), JSON.stringify(validator.errors));
    for (const bad of [
      { can: 's3:GetObject' },
      { serviceAccount: 'a/b', can: 's3:GetObject', cannot: 'iam:*' },
      { serviceAccount: 'a/b' },
      { serviceAccount: 'Payments', cannot: 'iam:*' },
      { serviceAccount: 'a/b', cannot: 'iam' },
      { serviceAccount: 'a/b', cannot: 'iam:*', on: 'bucket' },
      { serviceAccount: 'a/b', cannot: 'iam:*', resource: '*' },
    ])
      assert.equal(validator([bad]), false, JSON.stringify(bad));
  });
});
