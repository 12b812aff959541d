import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectCode, expectNo, seen, validate } from '../support/service';

/** A policy whose one statement has this Condition (and these actions). */
const cond = (condition: string, action = '"s3:GetObject"', effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ${action}, "Resource": "*", "Condition": ${condition}}]}`;

describe('operators', () => {
  test('INVALID_CONDITION_OPERATOR with did-you-mean', async () => {
    const [d] = await expectCode(cond('{"«StringEqual»": {"aws:PrincipalTag/team": "a"}}'), 'INVALID_CONDITION_OPERATOR');
    assert.equal((d.data as { replacements: string[] }).replacements[0], 'StringEquals');
    await expectCode(cond('{"«ForEachValue:StringEquals»": {"aws:TagKeys": "a"}}'), 'INVALID_CONDITION_OPERATOR');
    for (const op of [
      'StringEquals',
      'ForAnyValue:StringLike',
      'ArnLikeIfExists',
      'ForAllValues:StringEqualsIgnoreCaseIfExists',
      'NumericLessThanEquals',
      'Null',
    ]) {
      await expectNo(cond(`{"${op}": {"aws:PrincipalTag/team": "a"}}`), 'INVALID_CONDITION_OPERATOR');
    }
  });
  test('one bad key, one finding: a note twice inside Condition is not an operator, then a duplicate key', async () => {
    const source = cond('{"«__doc_comment»": "Allow reads from the office only", "«__doc_comment»": "Reviewed by team-a"}');
    const { actual, expected, diagnostics } = await seen(source);
    assert.deepEqual(actual, [
      { code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', ...expected[1] },
      { code: 'INVALID_CONDITION_OPERATOR', ...expected[0] },
    ]);
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [
        '"__doc_comment" appears twice in this object: only one of the two would be read. Merge them',
        '"__doc_comment" is not a condition operator (and its value is a string, not an object of condition keys and values): IAM rejects the policy',
      ],
    );
    // Once: no DATA_TYPE_MISMATCH beside it.
    assert.deepEqual(
      (await validate(cond('{"__doc_comment": "a note"}'))).map((d) => d.code),
      ['INVALID_CONDITION_OPERATOR'],
    );
    // A real operator whose value is not an object is still a DATA_TYPE_MISMATCH.
    await expectCode(cond('{"StringEquals": "«aws:SourceAccount»"}'), 'DATA_TYPE_MISMATCH');
  });
  test('NULL_WITH_IF_EXISTS and NULL_WITH_QUALIFIER', async () => {
    await expectCode(cond('{"«NullIfExists»": {"aws:PrincipalTag/team": "true"}}'), 'NULL_WITH_IF_EXISTS');
    await expectCode(cond('{"«ForAnyValue:Null»": {"aws:TagKeys": "true"}}'), 'NULL_WITH_QUALIFIER');
    await expectNo(cond('{"Null": {"aws:PrincipalTag/team": "true"}}'), 'NULL_WITH_IF_EXISTS');
  });
});

describe('keys', () => {
  test('INVALID_CONDITION_KEY_FORMAT', async () => {
    await expectCode(cond('{"StringEquals": {"«SourceIp»": "a"}}'), 'INVALID_CONDITION_KEY_FORMAT');
    await expectCode(cond('{"StringEquals": {"«aws:»": "a"}}'), 'INVALID_CONDITION_KEY_FORMAT');
  });
  test('INVALID_GLOBAL_CONDITION_KEY with did-you-mean', async () => {
    const [d] = await expectCode(cond('{"IpAddress": {"«aws:SourceIpp»": "203.0.113.0/24"}}'), 'INVALID_GLOBAL_CONDITION_KEY');
    assert.match(String(d.message), /did you mean "aws:SourceIp"/);
    await expectNo(cond('{"IpAddress": {"aws:sourceip": "203.0.113.0/24"}}'), 'INVALID_GLOBAL_CONDITION_KEY');
    await expectNo(cond('{"StringEquals": {"aws:PrincipalTag/team": "a", "aws:PrincipalOrgID": "o-1"}}'), 'INVALID_GLOBAL_CONDITION_KEY');
  });
  test('INVALID_SERVICE_CONDITION_KEY: unknown key of a service, and an unknown prefix', async () => {
    const [d] = await expectCode(cond('{"StringEquals": {"«s3:prefixx»": "home/"}}', '"s3:ListBucket"'), 'INVALID_SERVICE_CONDITION_KEY');
    assert.match(String(d.message), /did you mean "s3:prefix"/);
    await expectCode(cond('{"StringEquals": {"«nosuchservice:Thing»": "x"}}'), 'INVALID_SERVICE_CONDITION_KEY');
    await expectNo(cond('{"StringLike": {"s3:prefix": "home/*"}}', '"s3:ListBucket"'), 'INVALID_SERVICE_CONDITION_KEY');
  });
  test('identity provider claims are keys too', async () => {
    for (const key of [
      'accounts.google.com:aud',
      'token.actions.githubusercontent.com:sub',
      'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub',
      'cognito-identity.amazonaws.com:amr',
    ]) {
      await expectNo(cond(`{"StringLike": {"${key}": "x"}}`, '"sts:AssumeRoleWithWebIdentity"'), 'INVALID_SERVICE_CONDITION_KEY');
    }
  });
  test("an EKS token's claims: sub, aud and amr only", async () => {
    const provider = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const [d] = await expectCode(
      cond(`{"StringEquals": {"«${provider}:sbu»": "system:serviceaccount:a:b"}}`, '"sts:AssumeRoleWithWebIdentity"'),
      'INVALID_SERVICE_CONDITION_KEY',
    );
    assert.deepEqual(d.data, { replacements: [`${provider}:sub`] });
    await expectNo(cond(`{"StringEquals": {"${provider}:aud": "sts.amazonaws.com"}}`, '"sts:AssumeRoleWithWebIdentity"'), 'INVALID_SERVICE_CONDITION_KEY');
  });
  test("the statement's own Federated provider names its keys", async () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/example-oidc-provider"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"example-oidc-provider:sub": "system:serviceaccount:my-namespace:my-service-account"}}}]}';
    await expectNo(text, 'INVALID_SERVICE_CONDITION_KEY');
  });
  test('MISSING_TAG_KEY_IN_CONDITION', async () => {
    await expectCode(cond('{"StringEquals": {"«aws:RequestTag/»": "a"}}', '"ec2:CreateTags"'), 'MISSING_TAG_KEY_IN_CONDITION');
    await expectCode(cond('{"StringEquals": {"«aws:ResourceTag»": "a"}}'), 'MISSING_TAG_KEY_IN_CONDITION');
    await expectNo(cond('{"StringEquals": {"aws:ResourceTag/team": "a"}}'), 'MISSING_TAG_KEY_IN_CONDITION');
  });
  test('DEPRECATED_GLOBAL_CONDITION_KEY', async () => {
    await expectCode(cond('{"ArnLike": {"«aws:ARN»": "arn:aws:iam::111122223333:role/x"}}'), 'DEPRECATED_GLOBAL_CONDITION_KEY');
  });
});

describe('UNSUPPORTED_ACTION_FOR_CONDITION_KEY', () => {
  test("the seed's least-privilege policy: s3:GetObject never sends aws:RequestTag", async () => {
    const [d] = await expectCode(cond('{"StringEquals": {"«aws:RequestTag/Department»": ["Finance"]}}'), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
    assert.equal(d.message, '"s3:GetObject" never sends "aws:RequestTag/Department": the condition never holds, so this Allow never applies');
  });
  test('s3:* includes actions that send request tags: no finding', async () => {
    await expectNo(cond('{"StringEquals": {"aws:RequestTag/Department": ["Finance"]}}', '"s3:*"'), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
    await expectNo(
      cond('{"StringEquals": {"aws:RequestTag/Department": ["Finance"]}}', '["s3:GetObject", "s3:PutObjectTagging", "ec2:RunInstances"]'),
      'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    );
  });
  test('a service key of another service', async () => {
    await expectCode(cond('{"StringEquals": {"«ec2:InstanceType»": "t3.micro"}}', '"s3:GetObject"', 'Deny'), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
    await expectNo(cond('{"StringEquals": {"ec2:InstanceType": "t3.micro"}}', '"ec2:RunInstances"'), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
  });
  test('conditions that hold when the key is absent are not reported', async () => {
    for (const op of ['StringNotEquals', 'StringEqualsIfExists', 'ForAllValues:StringEquals']) {
      await expectNo(cond(`{"${op}": {"aws:RequestTag/Department": "Finance"}}`), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
    }
    await expectNo(cond('{"Null": {"aws:RequestTag/Department": "true"}}'), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
    await expectCode(cond('{"Null": {"«aws:RequestTag/Department»": "false"}}'), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
  });
  test('global keys apply to every action', async () => {
    await expectNo(cond('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}'), 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
  });
});

describe('types and values', () => {
  test('TYPE_MISMATCH: an operator of another type than the key', async () => {
    await expectCode(cond('{"StringEquals": {"«aws:SourceIp»": "203.0.113.1"}}'), 'TYPE_MISMATCH');
    await expectCode(cond('{"NumericLessThan": {"«aws:CurrentTime»": "5"}}'), 'TYPE_MISMATCH');
    await expectNo(cond('{"DateLessThan": {"aws:CurrentTime": "2026-12-31T00:00:00Z"}}'), 'TYPE_MISMATCH');
    await expectNo(cond('{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}'), 'TYPE_MISMATCH');
  });
  test('MISSING_QUALIFIER and FORALLVALUES_WITH_SINGLE_VALUED_KEY', async () => {
    const [d] = await expectCode(cond('{"StringEquals": {"«aws:TagKeys»": "team"}}', '"ec2:CreateTags"'), 'MISSING_QUALIFIER');
    assert.deepEqual((d.data as { replacements: string[] }).replacements, ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals']);
    await expectNo(cond('{"ForAllValues:StringEquals": {"aws:TagKeys": "team"}}', '"ec2:CreateTags"'), 'MISSING_QUALIFIER');
    await expectCode(cond('{"ForAllValues:StringEquals": {"«aws:PrincipalTag/team»": "a"}}'), 'FORALLVALUES_WITH_SINGLE_VALUED_KEY');
    await expectNo(cond('{"ForAnyValue:StringEquals": {"aws:PrincipalTag/team": "a"}}'), 'FORALLVALUES_WITH_SINGLE_VALUED_KEY');
  });
  test('TYPE_MISMATCH_BOOLEAN and INVALID_CONDITION_MULTIPLE_BOOLEAN', async () => {
    await expectCode(cond('{"Bool": {"aws:SecureTransport": "«yes»"}}'), 'TYPE_MISMATCH_BOOLEAN');
    await expectCode(cond('{"Null": {"aws:PrincipalTag/team": "«no»"}}'), 'TYPE_MISMATCH_BOOLEAN');
    await expectNo(cond('{"Bool": {"aws:SecureTransport": "false"}}'), 'TYPE_MISMATCH_BOOLEAN');
    await expectNo(cond('{"Bool": {"aws:SecureTransport": true}}'), 'TYPE_MISMATCH_BOOLEAN');
    await expectCode(cond('{"Bool": {"aws:SecureTransport": «["true", "false"]»}}'), 'INVALID_CONDITION_MULTIPLE_BOOLEAN');
  });
  test('TYPE_MISMATCH_NUMBER, INVALID_DATE_VALUE, TYPE_MISMATCH_IP_RANGE', async () => {
    await expectCode(cond('{"NumericLessThan": {"aws:MultiFactorAuthAge": "«ten»"}}'), 'TYPE_MISMATCH_NUMBER');
    await expectNo(cond('{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}'), 'TYPE_MISMATCH_NUMBER');
    await expectCode(cond('{"DateGreaterThan": {"aws:CurrentTime": "«31/12/2026»"}}'), 'INVALID_DATE_VALUE');
    await expectNo(cond('{"DateGreaterThan": {"aws:CurrentTime": "2026-12-31"}}'), 'INVALID_DATE_VALUE');
    await expectNo(cond('{"DateGreaterThan": {"aws:EpochTime": "1767225600"}}'), 'INVALID_DATE_VALUE');
    await expectCode(cond('{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "«203.0.113.300»"]}}'), 'TYPE_MISMATCH_IP_RANGE');
    await expectNo(cond('{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}'), 'TYPE_MISMATCH_IP_RANGE');
  });
  test('INVALID_CONDITION_DATA_TYPE: objects and mixed types', async () => {
    await expectCode(cond('{"StringEquals": {"aws:PrincipalTag/team": «{"a": 1}»}}'), 'INVALID_CONDITION_DATA_TYPE');
    await expectCode(cond('{"StringEquals": {"aws:PrincipalTag/team": «["a", 1]»}}'), 'INVALID_CONDITION_DATA_TYPE');
    await expectNo(cond('{"NumericEquals": {"s3:max-keys": [10, 20]}}', '"s3:ListBucket"'), 'INVALID_CONDITION_DATA_TYPE');
  });
  test('IMPROVE_IP_RANGE and PRIVATE_IP_ADDRESS', async () => {
    const [d] = await expectCode(cond('{"IpAddress": {"aws:SourceIp": "«203.0.113.7/24»"}}'), 'IMPROVE_IP_RANGE');
    assert.deepEqual(d.data, { replacements: ['203.0.113.0/24'] });
    await expectCode(cond('{"IpAddress": {"aws:SourceIp": "«10.0.0.0/16»"}}'), 'PRIVATE_IP_ADDRESS');
    await expectNo(cond('{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}'), 'PRIVATE_IP_ADDRESS');
    await expectNo(cond('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}'), 'PRIVATE_IP_ADDRESS');
  });
  test('WILDCARD_WITHOUT_LIKE_OPERATOR, with StringLike as the fix', async () => {
    const [d] = await expectCode(cond('{"StringEquals": {"aws:PrincipalTag/team": "«dev-*»"}}'), 'WILDCARD_WITHOUT_LIKE_OPERATOR');
    assert.equal((d.data as { replacements: string[] }).replacements[0], 'StringLike');
    await expectNo(cond('{"StringLike": {"aws:PrincipalTag/team": "dev-*"}}'), 'WILDCARD_WITHOUT_LIKE_OPERATOR');
    await expectNo(cond('{"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::b-*"}}'), 'WILDCARD_WITHOUT_LIKE_OPERATOR');
    await expectNo(cond('{"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}'), 'WILDCARD_WITHOUT_LIKE_OPERATOR');
  });
});
