import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { expectCode, seen, validate } from '../support/service';

const policy = (statement: string, version = '"2012-10-17"') => `{
  "Version": ${version},
  "Statement": [
    ${statement}
  ]
}`;

describe('JSON_SYNTAX_ERROR', () => {
  test('a comment is an error: IAM rejects comments', async () => {
    await expectCode(policy(`«// read only»\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`), 'JSON_SYNTAX_ERROR');
  });
  test('a trailing comma is underlined on the comma', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": ["s3:GetObject"«,»], "Resource": "*"}`), 'JSON_SYNTAX_ERROR');
  });
  test('a missing comma is reported where it is missing, and the rest is still checked', async () => {
    const { actual } = await seen(policy(`{"Effect": "Alow" "Action": "s3:GetObjct", "Resource": "*"}`));
    assert.deepEqual(
      actual.map((a) => a.code),
      ['JSON_SYNTAX_ERROR', 'INVALID_EFFECT', 'INVALID_ACTION'],
    );
  });
  test('the message says why', async () => {
    const [d] = await validate(policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*",}`));
    assert.match(String(d.message), /Trailing comma/);
  });
  test('well-formed JSON has no syntax error', async () => {
    assert.deepEqual(await validate(policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)), []);
  });
});

describe('INVALID_VERSION', () => {
  test('a date typed by hand', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`, '"«2012-10-18»"'), 'INVALID_VERSION');
  });
  test('a number is a DATA_TYPE_MISMATCH, not an INVALID_VERSION', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`, '«2012»'), 'DATA_TYPE_MISMATCH');
    await expectCode(policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`, '2012'), 'INVALID_VERSION');
  });
  test('offers the current version as the replacement', async () => {
    const [d] = await validate(policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`, '"2012-17-10"'));
    assert.deepEqual(d.data, { replacements: ['2012-10-17'] });
  });
  for (const version of ['2012-10-17', '2008-10-17']) {
    test(`${version} is valid`, async () => {
      assert.deepEqual(await validate(policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`, `"${version}"`)), []);
    });
  }
});

describe('INVALID_EFFECT', () => {
  test('lower-case allow, with the fix', async () => {
    await expectCode(policy(`{"Effect": "«allow»", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`), 'INVALID_EFFECT');
    const [d] = await validate(policy(`{"Effect": "allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`));
    assert.match(String(d.message), /exactly "Allow" or "Deny".*did you mean "Allow"/);
    assert.deepEqual(d.data, { replacements: ['Allow'] });
  });
  test('a value that is no effect at all', async () => {
    await expectCode(policy(`{"Effect": "«Permit»", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`), 'INVALID_EFFECT');
  });
  test('a non-string is a DATA_TYPE_MISMATCH', async () => {
    await expectCode(policy(`{"Effect": «true», "Action": "s3:ListAllMyBuckets", "Resource": "*"}`), 'DATA_TYPE_MISMATCH');
  });
  test('Allow and Deny are valid, in every statement', async () => {
    const text = policy(
      `{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`,
    );
    assert.deepEqual(await validate(text), []);
  });
  test('a statement given as one object (not an array) is checked too', async () => {
    const { actual, expected } = await seen(`{"Version": "2012-10-17", "Statement": {"Effect": "«Alow»", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}`);
    assert.deepEqual(
      actual,
      expected.map((r) => ({ code: 'INVALID_EFFECT', ...r })),
    );
  });
});

describe('INVALID_SERVICE_IN_ACTION', () => {
  test('an unknown service prefix, with a did-you-mean that keeps the action', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": ["«s4:GetObject»"], "Resource": "*"}`), 'INVALID_SERVICE_IN_ACTION');
    const [d] = await validate(policy(`{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}`));
    assert.equal((d.data as { replacements: string[] }).replacements[0], 's3:GetObject');
    assert.match(String(d.message), /"s4" is not an AWS service prefix.*did you mean "s3:GetObject"/);
  });
  test('in NotAction too', async () => {
    await expectCode(policy(`{"Effect": "Deny", "NotAction": "«ecc2:DescribeInstances»", "Resource": "*"}`), 'INVALID_SERVICE_IN_ACTION');
  });
});

describe('INVALID_ACTION', () => {
  test('a misspelled action, with the closest real one', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": ["s3:PutObject", "«s3:GetObjct»"], "Resource": "*"}`), 'INVALID_ACTION');
    const [d] = await validate(policy(`{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}`));
    assert.equal(d.message, '"GetObjct" is not an action of Amazon S3 (s3); did you mean "s3:GetObject"?');
    assert.equal((d.data as { replacements: string[] }).replacements[0], 's3:GetObject');
  });
  test('did-you-mean follows the structure of action names: what starts with the typed name, before near names', async () => {
    const [d] = await expectCode(policy(`{"Effect": "Allow", "Action": ["«kms:ReEncrypt»", "kms:Decrypt"], "Resource": "*"}`), 'INVALID_ACTION');
    assert.equal(d.message, '"ReEncrypt" is not an action of AWS Key Management Service (kms); did you mean "kms:ReEncrypt*"?');
    assert.deepEqual((d.data as { replacements: string[] }).replacements, ['kms:ReEncrypt*', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']);
    // One slip still comes first, and a family of unlike tails is listed, not folded into a wildcard.
    const first = async (action: string) => {
      const [found] = (await validate(policy(`{"Effect": "Allow", "Action": "${action}", "Resource": "*"}`))).filter((x) => x.code === 'INVALID_ACTION');
      return (found.data as { replacements: string[] }).replacements;
    };
    assert.deepEqual((await first('ec2:DescribeInstance'))[0], 'ec2:DescribeInstances');
    assert.deepEqual(await first('lambda:Invoke'), ['lambda:InvokeAsync', 'lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
    assert.deepEqual((await first('sts:AssumeRol3'))[0], 'sts:AssumeRole');
  });
  test('a wildcard that matches no action', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": "«s3:Gett*»", "Resource": "*"}`), 'INVALID_ACTION');
  });
  test('no colon', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": "«s3GetObject»", "Resource": "*"}`), 'INVALID_ACTION');
  });
  test('an empty action name', async () => {
    await expectCode(policy(`{"Effect": "Allow", "Action": "«s3:»", "Resource": "*"}`), 'INVALID_ACTION');
  });
  test('real actions, wildcards that match, and other case are valid', async () => {
    for (const action of ['*', 's3:*', 's3:Get*', 's3:?etObject', 'S3:getobject', 'ec2:DescribeInstances', 'sts:AssumeRoleWithWebIdentity']) {
      const text = policy(`{"Effect": "Allow", "Action": ${JSON.stringify(action)}, "Resource": "*"}`);
      assert.deepEqual(
        (await validate(text)).filter((d) => d.code === 'INVALID_ACTION' || d.code === 'INVALID_SERVICE_IN_ACTION'),
        [],
        action,
      );
    }
  });
  test('the seed policies of Dev Team A and B are clean', async () => {
    const teamA = policy(`{"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::example-bucket/*"}`);
    const teamB = policy(`{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`);
    assert.deepEqual(await validate(teamA), []);
    assert.deepEqual(await validate(teamB), []);
  });
});

describe('every diagnostic', () => {
  test('carries source, code, a docs link and a severity', async () => {
    const [d] = await validate(policy(`{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}`));
    assert.equal(d.source, 'iam-irsa');
    assert.equal(d.code, 'INVALID_ACTION');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.codeDescription?.href, 'https://github.com/iam-irsa/iam-irsa/blob/main/docs/checks/INVALID_ACTION.md');
  });
});
