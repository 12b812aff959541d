import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Diagnostic } from 'vscode-languageserver-types';
import { marked, seen, validate } from '../support/service';

/** Section D of CHECKS.md: other families run too, so only these codes are compared. */
const CODES = new Set([
  'INVALID_ARN_PREFIX',
  'MISSING_ARN_FIELD',
  'INVALID_PARTITION',
  'INVALID_ARN_SERVICE_CASE',
  'INVALID_SERVICE',
  'INVALID_ARN_REGION',
  'INVALID_REGION',
  'MISSING_ARN_REGION',
  'ARN_REGION_NOT_ALLOWED',
  'INVALID_ARN_ACCOUNT',
  'ARN_ACCOUNT_NOT_ALLOWED',
  'INVALID_ARN_RESOURCE',
  'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
  'RESOURCE_NOT_SUPPORTED_BY_ACTION',
  'REDUNDANT_RESOURCE',
]);

const statement = (action: string, resource: string, element = 'Resource') => `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ${action}, "${element}": ${resource}}
  ]
}`;

/** The marked ranges carry exactly `code`, and no other section D code is reported. */
async function expectCode(source: string, code: string): Promise<void> {
  const { actual, expected } = await seen(source);
  assert.deepEqual(
    actual.filter((a) => CODES.has(a.code)),
    expected.map((r) => ({ code, ...r })),
  );
}

/** No section D code at all. */
async function expectClean(text: string): Promise<void> {
  const found = (await validate(text)).filter((d) => CODES.has(String(d.code)));
  assert.deepEqual(
    found.map((d) => `${d.code}: ${d.message}`),
    [],
  );
}

async function only(text: string, code: string): Promise<Diagnostic> {
  const found = (await validate(marked(text).text)).filter((d) => d.code === code);
  assert.equal(found.length, 1, `${code}: ${found.map((d) => d.message).join(' | ')}`);
  return found[0];
}

describe('INVALID_ARN_PREFIX', () => {
  test('a bucket name where an ARN belongs', async () => {
    await expectCode(statement('"s3:GetObject"', '"«my-bucket/*»"'), 'INVALID_ARN_PREFIX');
  });
  test('a missing "arn:" is offered back', async () => {
    const d = await only(statement('"s3:GetObject"', '"aws:s3:::my-bucket/*"'), 'INVALID_ARN_PREFIX');
    assert.match(String(d.message), /not an ARN.*IAM rejects.*did you mean "arn:aws:s3:::my-bucket\/\*"/);
    assert.deepEqual(d.data, { replacements: ['arn:aws:s3:::my-bucket/*'] });
  });
  test('upper-case ARN', async () => {
    const d = await only(statement('"s3:GetObject"', '"ARN:aws:s3:::my-bucket/*"'), 'INVALID_ARN_PREFIX');
    assert.deepEqual(d.data, { replacements: ['arn:aws:s3:::my-bucket/*'] });
  });
  test('an empty string is underlined on its quotes', async () => {
    await expectCode(statement('"s3:GetObject"', '«""»'), 'INVALID_ARN_PREFIX');
  });
  test('"*", ARNs and API Gateway\'s short form are fine', async () => {
    await expectClean(statement('"s3:GetObject"', '"*"'));
    await expectClean(statement('"s3:GetObject"', '"arn:aws:s3:::my-bucket/*"'));
    await expectClean(statement('"execute-api:Invoke"', '"execute-api:/prod/GET/pets"'));
  });
});

describe('MISSING_ARN_FIELD', () => {
  test('a colon short', async () => {
    await expectCode(statement('"s3:GetObject"', '"«arn:aws:s3::my-bucket/*»"'), 'MISSING_ARN_FIELD');
  });
  test('offers the six-field form that fits the service', async () => {
    const d = await only(statement('"s3:GetObject"', '"arn:aws:s3::my-bucket/*"'), 'MISSING_ARN_FIELD');
    assert.deepEqual(d.data, { replacements: ['arn:aws:s3:::my-bucket/*'] });
  });
  test('six fields', async () => {
    await expectClean(statement('"s3:GetObject"', '"arn:aws:s3:::my-bucket/*"'));
  });
  test('a trailing wildcard is not judged', async () => {
    await expectClean(statement('"s3:GetObject"', '"arn:aws:s3:*"'));
  });
});

describe('INVALID_PARTITION', () => {
  test('upper case', async () => {
    await expectCode(statement('"s3:GetObject"', '"«arn:AWS:s3:::my-bucket/*»"'), 'INVALID_PARTITION');
    const d = await only(statement('"s3:GetObject"', '"arn:AWS:s3:::my-bucket/*"'), 'INVALID_PARTITION');
    assert.deepEqual(d.data, { replacements: ['arn:aws:s3:::my-bucket/*'] });
  });
  test('the region tells which partition was meant', async () => {
    const d = await only(statement('"kms:Decrypt"', '"arn:aws-gov:kms:us-gov-west-1:123456789012:key/*"'), 'INVALID_PARTITION');
    assert.match(String(d.message), /did you mean "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key\/\*"/);
  });
  for (const partition of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*', 'aws*']) {
    test(`${partition} is a partition`, async () => {
      await expectClean(statement('"s3:GetObject"', `"arn:${partition}:s3:::my-bucket/*"`));
    });
  }
});

describe('INVALID_ARN_SERVICE_CASE', () => {
  test('upper-case service, with the fix', async () => {
    await expectCode(statement('"s3:GetObject"', '"«arn:aws:S3:::my-bucket/*»"'), 'INVALID_ARN_SERVICE_CASE');
    const d = await only(statement('"s3:GetObject"', '"arn:aws:S3:::my-bucket/*"'), 'INVALID_ARN_SERVICE_CASE');
    assert.deepEqual(d.data, { replacements: ['arn:aws:s3:::my-bucket/*'] });
  });
  test('lower case', async () => {
    await expectClean(statement('"s3:GetObject"', '"arn:aws:s3:::my-bucket/*"'));
  });
});

describe('INVALID_SERVICE', () => {
  test('a service no ARN uses, with a did-you-mean', async () => {
    await expectCode(statement('"s3:GetObject"', '"«arn:aws:s4:::my-bucket/*»"'), 'INVALID_SERVICE');
    const d = await only(statement('"s3:GetObject"', '"arn:aws:s4:::my-bucket/*"'), 'INVALID_SERVICE');
    assert.match(String(d.message), /"s4" is not the service of any AWS resource ARN.*did you mean "arn:aws:s3:::my-bucket\/\*"/);
  });
  test('ARN services are those of the templates, not the IAM prefixes', async () => {
    // execute-api and elasticloadbalancing; sts role sessions are iam ARNs for sts:AssumeRole.
    await expectClean(statement('"execute-api:Invoke"', '"arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/pets"'));
    await expectClean(statement('"sts:AssumeRole"', '"arn:aws:iam::123456789012:role/app"'));
  });
  test('a service with no resource type in the catalogue is not judged', async () => {
    await expectClean(statement('"applicationinsights:*"', '"arn:aws:applicationinsights:*:*:application/resource-group/x"'));
  });
});

describe('INVALID_ARN_REGION', () => {
  test('upper case, with the fix', async () => {
    await expectCode(statement('"ec2:StartInstances"', '"«arn:aws:ec2:US-EAST-1:123456789012:instance/*»"'), 'INVALID_ARN_REGION');
    const d = await only(statement('"ec2:StartInstances"', '"arn:aws:ec2:US-EAST-1:123456789012:instance/*"'), 'INVALID_ARN_REGION');
    assert.deepEqual(d.data?.replacements[0], 'arn:aws:ec2:us-east-1:123456789012:instance/*');
  });
  test('an Availability Zone', async () => {
    const d = await only(statement('"ec2:StartInstances"', '"arn:aws:ec2:us-east-1a:123456789012:instance/*"'), 'INVALID_ARN_REGION');
    assert.match(String(d.message), /Availability Zone.*did you mean "us-east-1"/);
  });
  test('wildcards, variables and real regions', async () => {
    for (const region of ['us-east-1', 'us-*', '${aws:RequestedRegion}', '*']) {
      await expectClean(statement('"ec2:StartInstances"', `"arn:aws:ec2:${region}:123456789012:instance/*"`));
    }
  });
});

describe('INVALID_REGION', () => {
  test('a region of another partition, with the partition as the fix', async () => {
    await expectCode(statement('"ec2:StartInstances"', '"«arn:aws:ec2:cn-north-1:123456789012:instance/*»"'), 'INVALID_REGION');
    const d = await only(statement('"ec2:StartInstances"', '"arn:aws:ec2:cn-north-1:123456789012:instance/*"'), 'INVALID_REGION');
    assert.deepEqual(d.data, { replacements: ['arn:aws-cn:ec2:cn-north-1:123456789012:instance/*'] });
  });
  test('a misspelt compass word', async () => {
    const d = await only(statement('"ec2:StartInstances"', '"arn:aws:ec2:us-esat-1:123456789012:instance/*"'), 'INVALID_REGION');
    assert.match(String(d.message), /did you mean "us-east-1"/);
  });
  test('the region in its own partition', async () => {
    await expectClean(statement('"ec2:StartInstances"', '"arn:aws-cn:ec2:cn-north-1:123456789012:instance/*"'));
  });
  test("a region named like the partition's regions but not in the table may be new: not judged", async () => {
    await expectClean(statement('"ec2:StartInstances"', '"arn:aws:ec2:eu-west-9:123456789012:instance/*"'));
  });
});

describe('MISSING_ARN_REGION', () => {
  test('an EC2 instance without its region', async () => {
    await expectCode(statement('"ec2:StartInstances"', '"«arn:aws:ec2::123456789012:instance/*»"'), 'MISSING_ARN_REGION');
    const d = await only(statement('"ec2:StartInstances"', '"arn:aws:ec2::123456789012:instance/*"'), 'MISSING_ARN_REGION');
    assert.deepEqual(d.data, { replacements: ['arn:aws:ec2:*:123456789012:instance/*'] });
  });
  test('with its region', async () => {
    await expectClean(statement('"ec2:StartInstances"', '"arn:aws:ec2:*:123456789012:instance/*"'));
  });
});

describe('ARN_REGION_NOT_ALLOWED', () => {
  test('IAM ARNs have no region', async () => {
    await expectCode(statement('"iam:GetRole"', '"«arn:aws:iam:us-east-1:123456789012:role/app»"'), 'ARN_REGION_NOT_ALLOWED');
    const d = await only(statement('"iam:GetRole"', '"arn:aws:iam:us-east-1:123456789012:role/app"'), 'ARN_REGION_NOT_ALLOWED');
    assert.deepEqual(d.data, { replacements: ['arn:aws:iam::123456789012:role/app'] });
  });
  test('S3 bucket ARNs have none, S3 access points have one', async () => {
    await expectCode(statement('"s3:ListBucket"', '"«arn:aws:s3:us-east-1::my-bucket»"'), 'ARN_REGION_NOT_ALLOWED');
    await expectClean(statement('"s3:GetObject"', '"arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/*"'));
  });
  test('a wildcard region matches the empty one', async () => {
    await expectClean(statement('"iam:GetRole"', '"arn:aws:iam:*:123456789012:role/app"'));
  });
});

describe('INVALID_ARN_ACCOUNT', () => {
  test('hyphens, with the fix', async () => {
    await expectCode(statement('"iam:GetRole"', '"«arn:aws:iam::1234-5678-9012:role/app»"'), 'INVALID_ARN_ACCOUNT');
    const d = await only(statement('"iam:GetRole"', '"arn:aws:iam::1234-5678-9012:role/app"'), 'INVALID_ARN_ACCOUNT');
    assert.deepEqual(d.data, { replacements: ['arn:aws:iam::123456789012:role/app'] });
  });
  test('thirteen digits', async () => {
    await expectCode(statement('"iam:GetRole"', '"«arn:aws:iam::1234567890123:role/app»"'), 'INVALID_ARN_ACCOUNT');
  });
  test('"aws" outside AWS\'s own resources', async () => {
    await expectCode(statement('"iam:GetRole"', '"«arn:aws:iam::aws:role/app»"'), 'INVALID_ARN_ACCOUNT');
  });
  test('"aws" in a managed policy ARN, wildcards and variables', async () => {
    await expectClean(statement('"iam:GetPolicy"', '"arn:aws:iam::aws:policy/ReadOnlyAccess"'));
    for (const account of ['*', '12345678901?', '1234*', '${aws:PrincipalAccount}']) {
      await expectClean(statement('"iam:GetRole"', `"arn:aws:iam::${account}:role/app"`));
    }
  });
});

describe('ARN_ACCOUNT_NOT_ALLOWED', () => {
  test('S3 object ARNs have no account', async () => {
    await expectCode(statement('"s3:GetObject"', '"«arn:aws:s3::123456789012:my-bucket/*»"'), 'ARN_ACCOUNT_NOT_ALLOWED');
    const d = await only(statement('"s3:GetObject"', '"arn:aws:s3::123456789012:my-bucket/*"'), 'ARN_ACCOUNT_NOT_ALLOWED');
    assert.deepEqual(d.data, { replacements: ['arn:aws:s3:::my-bucket/*'] });
  });
  test('without the account', async () => {
    await expectClean(statement('"s3:GetObject"', '"arn:aws:s3:::my-bucket/*"'));
  });
});

describe('INVALID_ARN_RESOURCE', () => {
  test('a misspelt resource type', async () => {
    await expectCode(statement('"ec2:StartInstances"', '"«arn:aws:ec2:us-east-1:123456789012:instnace/*»"'), 'INVALID_ARN_RESOURCE');
    const d = await only(statement('"ec2:StartInstances"', '"arn:aws:ec2:us-east-1:123456789012:instnace/*"'), 'INVALID_ARN_RESOURCE');
    assert.match(String(d.message), /"instnace" is not a resource type of Amazon EC2 \(ec2\) ARNs.*did you mean "instance"/);
    assert.deepEqual(d.data?.replacements[0], 'arn:aws:ec2:us-east-1:123456789012:instance/*');
  });
  test('the right word', async () => {
    await expectClean(statement('"ec2:StartInstances"', '"arn:aws:ec2:us-east-1:123456789012:instance/*"'));
  });
  test('a word with no close neighbour may be a type the catalogue lacks: not judged', async () => {
    await expectClean(
      statement(
        '"cloudformation:CreateChangeSet"',
        '["arn:aws:cloudformation:*:aws:transform/Serverless-2016-10-31", "arn:aws:cloudformation:*:*:stack/app/*"]',
      ),
    );
  });
});

describe('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', () => {
  test('s3:GetObject on a bucket, with the objects as the fix', async () => {
    await expectCode(statement('"s3:GetObject"', '"«arn:aws:s3:::my-bucket»"'), 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY');
    const d = await only(statement('"s3:GetObject"', '"arn:aws:s3:::my-bucket"'), 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY');
    assert.match(String(d.message), /names a resource of type s3:bucket, which s3:GetObject does not act on, so the statement never applies/);
    assert.deepEqual(d.data, { replacements: ['arn:aws:s3:::my-bucket/*'] });
  });
  test('iam:PassRole on a user', async () => {
    await expectCode(statement('"iam:PassRole"', '"«arn:aws:iam::123456789012:user/alice»"'), 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY');
  });
  test('bucket and objects for bucket and object actions', async () => {
    await expectClean(statement('["s3:GetObject", "s3:ListBucket"]', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]'));
    await expectClean(statement('"s3:GetObject"', '"arn:aws:s3:::my-bucket/*"'));
  });
  test('a spare entry beside one that fits is not reported: the statement still applies', async () => {
    await expectClean(statement('"s3:GetObject"', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]'));
  });
  test('not when the actions are not known exactly', async () => {
    await expectClean(statement('"*"', '"arn:aws:s3:::my-bucket"'));
    await expectClean(statement('"s*:GetObject"', '"arn:aws:s3:::my-bucket"'));
    await expectClean(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket"}]}`);
    await expectClean(statement('["s3:GetObject", "s3:GetObjectRetired"]', '"arn:aws:s3:::my-bucket"'));
  });
});

describe('RESOURCE_NOT_SUPPORTED_BY_ACTION', () => {
  test('a List action that supports only "*", on one instance', async () => {
    await expectCode(statement('"ec2:DescribeInstances"', '"«arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234»"'), 'RESOURCE_NOT_SUPPORTED_BY_ACTION');
    const d = await only(statement('"ec2:DescribeInstances"', '"arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234"'), 'RESOURCE_NOT_SUPPORTED_BY_ACTION');
    assert.match(String(d.message), /supports only "Resource": "\*", so the statement never matches/);
    assert.deepEqual(d.data, { replacements: ['*'] });
  });
  test('"*"', async () => {
    await expectClean(statement('"ec2:DescribeInstances"', '"*"'));
  });
  test('a pattern for the whole service is how AWS itself writes some of these: not judged', async () => {
    await expectClean(statement('"s3:ListAllMyBuckets"', '"arn:aws:s3:::*"'));
    await expectClean(statement('"logs:DescribeLogGroups"', '"arn:aws:logs:*:*:log-group:*"'));
  });
});

describe('REDUNDANT_RESOURCE', () => {
  test("an object covered by the bucket's wildcard, with the span to delete", async () => {
    await expectCode(statement('"s3:GetObject"', '["arn:aws:s3:::my-bucket/*", "«arn:aws:s3:::my-bucket/report.csv»"]'), 'REDUNDANT_RESOURCE');
    const text = statement('"s3:GetObject"', '["arn:aws:s3:::my-bucket/*", "arn:aws:s3:::my-bucket/report.csv"]');
    const d = await only(text, 'REDUNDANT_RESOURCE');
    const range = d.data?.range as { start: number; end: number };
    assert.equal(text.slice(0, range.start) + text.slice(range.end), statement('"s3:GetObject"', '["arn:aws:s3:::my-bucket/*"]'));
    assert.deepEqual(d.data?.replacements, ['']);
  });
  test('the second of two equal entries, and anything beside "*"', async () => {
    await expectCode(statement('"s3:GetObject"', '["arn:aws:s3:::b/*", "«arn:aws:s3:::b/*»"]'), 'REDUNDANT_RESOURCE');
    const twice = await only(statement('"s3:GetObject"', '["arn:aws:s3:::b/*", "arn:aws:s3:::b/*"]'), 'REDUNDANT_RESOURCE');
    assert.equal(twice.message, '"arn:aws:s3:::b/*" is listed twice in this Resource list, so the second adds nothing: remove it');
    await expectCode(statement('"s3:GetObject"', '["«arn:aws:s3:::b/*»", "*"]'), 'REDUNDANT_RESOURCE');
  });
  test('in NotResource too', async () => {
    await expectCode(statement('"s3:GetObject"', '["arn:aws:s3:::b/*", "«arn:aws:s3:::b/x»"]', 'NotResource'), 'REDUNDANT_RESOURCE');
  });
  test('fields are compared one by one: a region wildcard does not reach into the account', async () => {
    await expectClean(statement('"ec2:StartInstances"', '["arn:aws:ec2:*:111111111111:instance/*", "arn:aws:ec2:us-east-1:222222222222:instance/*"]'));
  });
  test('entries that overlap without one covering the other', async () => {
    await expectClean(statement('"s3:GetObject"', '["arn:aws:s3:::b/a*", "arn:aws:s3:::b/*z", "arn:aws:s3:::b/${aws:username}/*"]'));
  });
});

describe('every ARN field may be a wildcard or a variable', () => {
  for (const arn of [
    'arn:aws:ec2:*:*:instance/*',
    'arn:aws:ec2:us-east-?:*:instance/*',
    'arn:*:s3:::bucket/*',
    'arn:aws:s3:::*',
    'arn:aws:s3:::b/${aws:username}/*',
    'arn:aws:iam::${aws:PrincipalAccount}:role/${aws:PrincipalTag/team}-*',
  ]) {
    test(arn, async () => {
      await expectClean(statement('["ec2:StartInstances", "s3:GetObject", "s3:ListBucket", "iam:PassRole"]', `"${arn}"`));
    });
  }
});

describe('policy kinds', () => {
  test('trust policies are skipped (their Resource is reported by another family)', async () => {
    const trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "my-role"}]}`;
    await expectClean(trust);
  });
  test('resource policies are checked', async () => {
    const bucketPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "«arn:aws:s3::123456789012:my-bucket/*»"}]}`;
    await expectCode(bucketPolicy, 'ARN_ACCOUNT_NOT_ALLOWED');
  });
});
