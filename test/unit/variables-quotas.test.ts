import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectCode, expectNo } from '../support/service';

const policy = (resource: string, version = '"Version": "2012-10-17", ', extra = '') =>
  `{${version}"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${resource}"${extra}}]}`;

describe('policy variables', () => {
  test('MISSING_BRACE_IN_VARIABLE, EMPTY_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE', async () => {
    await expectCode(policy('arn:aws:s3:::b/«${aws:username»'), 'MISSING_BRACE_IN_VARIABLE');
    await expectCode(policy('arn:aws:s3:::b/«${}»/*'), 'EMPTY_VARIABLE');
    const [d] = await expectCode(policy('arn:aws:s3:::b/«${ aws:username}»/*'), 'UNSUPPORTED_SPACE_IN_VARIABLE');
    assert.deepEqual(d.data, { replacements: ['${aws:username}'] });
    for (const code of ['MISSING_BRACE_IN_VARIABLE', 'EMPTY_VARIABLE', 'UNSUPPORTED_SPACE_IN_VARIABLE']) {
      await expectNo(policy("arn:aws:s3:::b/${aws:username, 'nobody'}/${aws:PrincipalTag/team}/${*}"), code);
    }
  });
  test('VARIABLE_UNSUPPORTED_IN_VERSION: no Version, or 2008-10-17', async () => {
    await expectCode(policy('arn:aws:s3:::b/«${aws:username}»/*', ''), 'VARIABLE_UNSUPPORTED_IN_VERSION');
    await expectCode(policy('arn:aws:s3:::b/«${aws:username}»/*', '"Version": "2008-10-17", '), 'VARIABLE_UNSUPPORTED_IN_VERSION');
    await expectNo(policy('arn:aws:s3:::b/${aws:username}/*'), 'VARIABLE_UNSUPPORTED_IN_VERSION');
  });
  test('VARIABLE_UNSUPPORTED_IN_ELEMENT: in Action', async () => {
    await expectCode(
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:«${aws:username}»", "Resource": "*"}]}',
      'VARIABLE_UNSUPPORTED_IN_ELEMENT',
    );
  });
  test('INVALID_VARIABLE_FOR_OPERATOR: a Numeric operator', async () => {
    await expectCode(
      policy('*', undefined, ', "Condition": {"NumericLessThan": {"s3:max-keys": "«${aws:PrincipalTag/limit}»"}}'),
      'INVALID_VARIABLE_FOR_OPERATOR',
    );
    await expectNo(policy('*', undefined, ', "Condition": {"StringEquals": {"s3:prefix": "${aws:username}/"}}'), 'INVALID_VARIABLE_FOR_OPERATOR');
  });
});

describe('size quotas', () => {
  const statements = (n: number) =>
    Array.from({ length: n }, (_, i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-${i}/*"}`).join(
      ',\n  ',
    );
  test('an identity policy over 6,144 characters, white space not counted', async () => {
    const big = `{"Version": "2012-10-17", "Statement": [${statements(80)}]}`;
    const [d] = await expectCode(`«{»${big.slice(1)}`, 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
    assert.match(String(d.message), /over the 6,144/);
    await expectNo(`{"Version": "2012-10-17", "Statement": [${statements(10)}]}`, 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
  });
  test('white space does not count', async () => {
    const padded = `{"Version": "2012-10-17", "Statement": [${statements(10)}]}`.replace(/,/g, ',' + ' '.repeat(300));
    assert.ok(padded.length > 6144);
    await expectNo(padded, 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
  });
  test('a trust policy over 2,048 characters, unless the quota was raised', async () => {
    const subs = Array.from({ length: 60 }, (_, i) => `"system:serviceaccount:team-${i}:app-${i}"`).join(', ');
    const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": [${subs}]}}}]}`;
    await expectCode(`«{»${text.slice(1)}`, 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA');
    await expectNo(text, 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', { trustPolicyQuota: 4096 });
  });
});

describe('review fixes', () => {
  test('the closing brace goes after the variable name', async () => {
    const [d] = await expectCode(policy('arn:aws:s3:::b/home/«${aws:username/*»'), 'MISSING_BRACE_IN_VARIABLE');
    assert.deepEqual(d.data, { replacements: ['${aws:username}/*'] });
  });
  test('a variable under IpAddress is one finding, not two', async () => {
    await expectNo(policy('*', undefined, ', "Condition": {"IpAddress": {"aws:SourceIp": "${aws:PrincipalTag/cidr}"}}'), 'TYPE_MISMATCH_IP_RANGE');
  });
});
