import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectCode, expectNo } from '../support/service';

const wrap = (statements: string, version = '"Version": "2012-10-17", ') => `{${version}"Statement": [${statements}]}`;
const stmt = (action: string, extra = '') => `{"Effect": "Allow", "Action": ${action}, "Resource": "*"${extra}}`;
const trust = { policyKinds: { '**/*.json': 'trust' as const } };

describe('MISSING_VERSION', () => {
  test('a policy without Version, on its opening brace', async () => {
    const [d] = await expectCode(`«{»"Statement": [${stmt('"s3:GetObject"')}]}`, 'MISSING_VERSION');
    assert.match(String(d.message), /2008-10-17/);
    await expectNo(wrap(stmt('"s3:GetObject"')), 'MISSING_VERSION');
  });
});

describe('UNSUPPORTED_SID, UNIQUE_SIDS_REQUIRED, EMPTY_SID_VALUE', () => {
  test('a Sid with a dash or a space, with the fixed name', async () => {
    const [d] = await expectCode(wrap(stmt('"s3:GetObject"', ', "Sid": "«read-only»"')), 'UNSUPPORTED_SID');
    assert.deepEqual(d.data, { replacements: ['readOnly'] });
    await expectCode(wrap(stmt('"s3:GetObject"', ', "Sid": "«Read only»"')), 'UNSUPPORTED_SID');
    await expectNo(wrap(stmt('"s3:GetObject"', ', "Sid": "ReadOnly1"')), 'UNSUPPORTED_SID');
  });
  test('resource policies accept other characters in Sids', async () => {
    await expectNo(
      wrap('{"Sid": "Allow read-only", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}'),
      'UNSUPPORTED_SID',
    );
  });
  test('the same Sid twice is reported on the second', async () => {
    await expectCode(wrap(`${stmt('"s3:GetObject"', ', "Sid": "Read"')}, ${stmt('"s3:PutObject"', ', "Sid": "«Read»"')}`), 'UNIQUE_SIDS_REQUIRED');
    await expectNo(wrap(`${stmt('"s3:GetObject"', ', "Sid": "Read"')}, ${stmt('"s3:PutObject"', ', "Sid": "Write"')}`), 'UNIQUE_SIDS_REQUIRED');
  });
  test('an empty Sid', async () => {
    await expectCode(wrap(stmt('"s3:GetObject"', ', "Sid": "«»"')), 'EMPTY_SID_VALUE');
  });
});

describe('WILDCARD_IN_SERVICE_NAME, NON_CANONICAL_ACTION_CASE', () => {
  test('a wildcard in the service prefix', async () => {
    await expectCode(wrap(stmt('"«s*:Get*»"')), 'WILDCARD_IN_SERVICE_NAME');
    await expectNo(wrap(stmt('"s3:Get*"')), 'WILDCARD_IN_SERVICE_NAME');
  });
  test('another case than AWS spells the action, with the canonical spelling', async () => {
    const [d] = await expectCode(wrap(stmt('"«S3:getobject»"')), 'NON_CANONICAL_ACTION_CASE');
    assert.deepEqual(d.data, { replacements: ['s3:GetObject'] });
    await expectCode(wrap(stmt('"«iam:GetSamlProvider»"')), 'NON_CANONICAL_ACTION_CASE');
    await expectNo(wrap(stmt('"s3:GetObject"')), 'NON_CANONICAL_ACTION_CASE');
    await expectNo(wrap(stmt('"s3:get*"')), 'NON_CANONICAL_ACTION_CASE');
  });
});

describe('REDUNDANT_ACTION', () => {
  test('an action covered by a wildcard, and a duplicate', async () => {
    const [d] = await expectCode(wrap(stmt('["s3:Get*", "«s3:GetObject»"]')), 'REDUNDANT_ACTION');
    assert.match(String(d.message), /covered by "s3:Get\*"/);
    const [twice] = await expectCode(wrap(stmt('["s3:GetObject", "s3:PutObject", "«s3:GetObject»"]')), 'REDUNDANT_ACTION');
    // An exact duplicate is not "covered by" itself.
    assert.equal(twice.message, '"s3:GetObject" is listed twice in this "Action": remove it');
    const [cased] = await expectCode(wrap(stmt('["s3:GetObject", "«s3:getobject»"]')), 'REDUNDANT_ACTION');
    assert.equal(cased.message, '"s3:getobject" is "s3:GetObject" again (actions ignore case), listed twice in this "Action": remove it');
    await expectCode(wrap(stmt('["s3:*", "«s3:Get*»"]')), 'REDUNDANT_ACTION');
    await expectCode(wrap(stmt('["*", "«ec2:DescribeInstances»"]')), 'REDUNDANT_ACTION');
  });
  test('the data says which span to delete, comma included', async () => {
    const text = wrap(stmt('["s3:Get*", "s3:GetObject"]'));
    const [d] = await expectCode(wrap(stmt('["s3:Get*", "«s3:GetObject»"]')), 'REDUNDANT_ACTION');
    const remove = (d.data as { remove: { start: number; end: number } }).remove;
    assert.equal(text.slice(0, remove.start) + text.slice(remove.end), wrap(stmt('["s3:Get*"]')));
  });
  test('the first covering wildcard in list order is named, of its service or of none, among many services', async () => {
    const covering = (found: readonly { message: unknown }[]) => found.map((d) => String(d.message).match(/covered by "([^"]*)"/)?.[1]);
    const first = await expectCode(wrap(stmt('["ec2:Describe*", "s3:List*", "s*:Get*", "«s3:Get*»", "«s3:GetObject»", "ec2:Get*"]')), 'REDUNDANT_ACTION');
    assert.deepEqual(covering(first), ['s*:Get*', 's*:Get*']);
    const second = await expectCode(wrap(stmt('["ec2:Describe*", "«s3:Get*»", "s*:Get*", "«s3:GetObject»", "«ec2:DescribeInstances»"]')), 'REDUNDANT_ACTION');
    assert.deepEqual(covering(second), ['s*:Get*', 's3:Get*', 'ec2:Describe*']);
    const third = await expectCode(wrap(stmt('["s3:Get*", "ec2:Describe*", "«ec2:DescribeInstances»", "«s3:GetObject»"]')), 'REDUNDANT_ACTION');
    assert.deepEqual(covering(third), ['ec2:Describe*', 's3:Get*']);
  });
  test('distinct, non-overlapping actions are fine', async () => {
    await expectNo(wrap(stmt('["s3:GetObject", "s3:PutObject", "s3:List*"]')), 'REDUNDANT_ACTION');
    await expectNo(wrap(stmt('["s3:Get*", "s3:*Object"]')), 'REDUNDANT_ACTION');
  });
});

describe('UNSUPPORTED_ACTION_IN_POLICY', () => {
  test('a trust policy holds only assume-role actions', async () => {
    const principal = ', "Principal": {"Service": "ec2.amazonaws.com"}';
    await expectCode(wrap(`{"Effect": "Allow", "Action": ["sts:AssumeRole", "«s3:GetObject»"]${principal}}`), 'UNSUPPORTED_ACTION_IN_POLICY', trust);
    await expectNo(wrap(`{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"]${principal}}`), 'UNSUPPORTED_ACTION_IN_POLICY', trust);
    await expectNo(wrap(`{"Effect": "Allow", "Action": "sts:AssumeRole*"${principal}}`), 'UNSUPPORTED_ACTION_IN_POLICY', trust);
  });
  test('identity policies take any action', async () => {
    await expectNo(wrap(stmt('"s3:GetObject"')), 'UNSUPPORTED_ACTION_IN_POLICY');
  });
});

describe('NotAction in a trust policy', () => {
  test('excluded actions are not granted: no trust-only finding', async () => {
    await expectNo(
      wrap(
        '{"Effect": "Deny", "NotAction": "s3:*", "Principal": {"Service": "ec2.amazonaws.com"}}, {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}',
      ),
      'UNSUPPORTED_ACTION_IN_POLICY',
      trust,
    );
  });
});
