import { describe, test } from 'node:test';
import { expectCode, expectNo } from '../support/service';

const wrap = (statement: string) => `{"Version": "2012-10-17", "Statement": [${statement}]}`;
const ok = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}';
const trust = { policyKinds: { '**/*.json': 'trust' as const } };
const resource = { policyKinds: { '**/*.json': 'resource' as const } };

describe('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', () => {
  test('the same key in another case, and the same key twice', async () => {
    await expectCode(wrap('{"Effect": "Allow", "«effect»": "Deny", "Action": "*", "Resource": "*"}'), 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE');
    await expectCode(wrap('{"Effect": "Allow", "Action": "*", "«Action»": "s3:*", "Resource": "*"}'), 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE');
    await expectCode(
      wrap('{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true", "«aws:securetransport»": "true"}}}'),
      'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
    );
  });
  test('distinct keys are fine', async () => {
    await expectNo(wrap(ok), 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE');
  });
});

describe('INVALID_POLICY_ELEMENT', () => {
  test('unknown keys at policy and statement level, with did-you-mean', async () => {
    const [d] = await expectCode(`{"Version": "2012-10-17", "«Statment»": [${ok}]}`, 'INVALID_POLICY_ELEMENT');
    await expectCode(wrap('{"Effect": "Allow", "«Actions»": "s3:GetObject", "Resource": "*"}'), 'INVALID_POLICY_ELEMENT');
    await expectCode(wrap('{"«effect»": "Allow", "Action": "s3:GetObject", "Resource": "*"}'), 'INVALID_POLICY_ELEMENT');
    if (!String(d.message).includes('did you mean "Statement"')) throw new Error(String(d.message));
  });
  test('every element of the language is known', async () => {
    await expectNo(
      `{"Version": "2012-10-17", "Id": "x", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}`,
      'INVALID_POLICY_ELEMENT',
    );
  });
});

describe('DATA_TYPE_MISMATCH', () => {
  test('Statement as a string, an Action number, a statement that is not an object', async () => {
    await expectCode('{"Version": "2012-10-17", "Statement": "«Allow everything»"}', 'DATA_TYPE_MISMATCH');
    await expectCode(wrap('{"Effect": "Allow", "Action": «5», "Resource": "*"}'), 'DATA_TYPE_MISMATCH');
    await expectCode(wrap('{"Effect": "Allow", "Action": ["s3:GetObject", «true»], "Resource": "*"}'), 'DATA_TYPE_MISMATCH');
    await expectCode(`{"Version": "2012-10-17", "Statement": [«"s3:GetObject"»]}`, 'DATA_TYPE_MISMATCH');
    await expectCode(wrap('{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": "«x»"}}'), 'DATA_TYPE_MISMATCH');
  });
  test('the right types are fine', async () => {
    await expectNo(
      wrap('{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"], "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["a"]}}}'),
      'DATA_TYPE_MISMATCH',
    );
  });
});

describe('MISSING_STATEMENT, MISSING_EFFECT, MISSING_ACTION, MISSING_RESOURCE, MISSING_PRINCIPAL', () => {
  test('a policy without Statement (found by its Version)', async () => {
    await expectCode('«{»"Version": "2012-10-17", "Statment": []}', 'MISSING_STATEMENT');
    await expectNo(wrap(ok), 'MISSING_STATEMENT');
  });
  test('a statement without Effect, Action or Resource', async () => {
    await expectCode(wrap('«{»"Action": "s3:GetObject", "Resource": "*"}'), 'MISSING_EFFECT');
    await expectCode(wrap('«{»"Effect": "Allow", "Resource": "*"}'), 'MISSING_ACTION');
    await expectCode(wrap('«{»"Effect": "Allow", "Action": "s3:GetObject"}'), 'MISSING_RESOURCE');
    await expectNo(wrap(ok), 'MISSING_EFFECT');
    await expectNo(wrap('{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::b"}'), 'MISSING_ACTION');
    await expectNo(wrap('{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::b"}'), 'MISSING_RESOURCE');
  });
  test('a trust policy needs a principal but no resource', async () => {
    await expectCode(wrap('«{»"Effect": "Allow", "Action": "sts:AssumeRole"}'), 'MISSING_PRINCIPAL', trust);
    await expectNo(wrap('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}'), 'MISSING_RESOURCE');
    await expectNo(wrap('{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}'), 'MISSING_PRINCIPAL');
  });
  test('a resource policy needs both', async () => {
    await expectCode(wrap('«{»"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}'), 'MISSING_PRINCIPAL', resource);
    await expectCode(wrap('«{»"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}'), 'MISSING_RESOURCE');
  });
});

describe('UNSUPPORTED_ELEMENT_COMBINATION and UNSUPPORTED_PRINCIPAL', () => {
  test('Action with NotAction, Resource with NotResource', async () => {
    await expectCode(wrap('{"Effect": "Allow", "Action": "s3:GetObject", "«NotAction»": "s3:PutObject", "Resource": "*"}'), 'UNSUPPORTED_ELEMENT_COMBINATION');
    await expectCode(
      wrap('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "«NotResource»": "arn:aws:s3:::b"}'),
      'UNSUPPORTED_ELEMENT_COMBINATION',
    );
    await expectNo(wrap(ok), 'UNSUPPORTED_ELEMENT_COMBINATION');
  });
  test('a Principal in an identity policy', async () => {
    const identity = { policyKinds: { '**/*.json': 'identity' as const } };
    await expectCode(
      wrap('{"Effect": "Allow", "«Principal»": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}'),
      'UNSUPPORTED_PRINCIPAL',
      identity,
    );
    await expectNo(
      wrap('{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}'),
      'UNSUPPORTED_PRINCIPAL',
      resource,
    );
  });
});

describe('empty containers', () => {
  test('empty Action, Resource, principal and condition containers', async () => {
    await expectCode(wrap('{"Effect": "Allow", "Action": «[]», "Resource": "*"}'), 'EMPTY_ARRAY_ACTION');
    await expectCode(wrap('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": «[]»}'), 'EMPTY_ARRAY_RESOURCE');
    await expectCode(wrap('{"Effect": "Allow", "Principal": {"AWS": «[]»}, "Action": "s3:GetObject", "Resource": "*"}'), 'EMPTY_ARRAY_PRINCIPAL', resource);
    await expectCode(wrap('{"Effect": "Allow", "Principal": «{}», "Action": "s3:GetObject", "Resource": "*"}'), 'EMPTY_OBJECT_PRINCIPAL', resource);
    await expectCode(wrap('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": «{}»}'), 'EMPTY_OBJECT_CONDITION');
    await expectCode(wrap('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": «{}»}}'), 'EMPTY_OBJECT_CONDITION');
    await expectCode(
      wrap('{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/t": «[]»}}}'),
      'EMPTY_ARRAY_CONDITION',
    );
    await expectCode(
      wrap('{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": «[]»}}}'),
      'EMPTY_ARRAY_CONDITION_FORALLVALUES',
    );
    await expectCode(
      wrap('{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": «[]»}}}'),
      'EMPTY_ARRAY_CONDITION_FORANYVALUE',
    );
    await expectCode(
      wrap('{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/t": «[]»}}}'),
      'EMPTY_ARRAY_CONDITION_IFEXISTS',
    );
  });
  test('non-empty containers are fine', async () => {
    for (const code of ['EMPTY_ARRAY_ACTION', 'EMPTY_ARRAY_RESOURCE', 'EMPTY_OBJECT_CONDITION', 'EMPTY_ARRAY_CONDITION']) {
      await expectNo(
        wrap('{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"], "Condition": {"StringEquals": {"aws:PrincipalTag/t": ["a"]}}}'),
        code,
      );
    }
  });
});

describe('policy kind inference', () => {
  test('a stray Principal in an identity policy is reported as such', async () => {
    const text = `{"Version": "2012-10-17", "Statement": [${ok}, ${ok}, {"Effect": "Allow", "«Principal»": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}`;
    await expectCode(text, 'UNSUPPORTED_PRINCIPAL');
  });
  test('a resource policy with one statement missing its Principal is reported as such', async () => {
    const withPrincipal = '{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}';
    await expectCode(
      `{"Version": "2012-10-17", "Statement": [${withPrincipal}, ${withPrincipal}, «{»"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
      'MISSING_PRINCIPAL',
    );
  });
});

describe('review fixes', () => {
  test('a bare principal ARN says to name its type, with the fix', async () => {
    const [d] = await expectCode(
      wrap('{"Effect": "Allow", "Principal": "«arn:aws:iam::111122223333:root»", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}'),
      'DATA_TYPE_MISMATCH',
      resource,
    );
    if (!String(d.message).includes('{"AWS": "arn:aws:iam::111122223333:root"}')) throw new Error(String(d.message));
  });
  test('an ECR repository policy takes no Resource', async () => {
    await expectNo(
      wrap('{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}'),
      'MISSING_RESOURCE',
      resource,
    );
  });
});
