import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PolicyKind } from '../../server/src/service/parse/policyKind';
import { pinned, policy } from '../support/fixtures';
import { seen, validate } from '../support/service';

/** Section G: other families report on the same fixtures, so only these codes are compared. */
const OWN = new Set([
  'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
  'PASS_ROLE_WITH_NOT_ACTION_AND_STAR_IN_RESOURCE',
  'PASS_ROLE_WITH_STAR_IN_NOT_RESOURCE',
  'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
  'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE',
  'CREATE_SLR_WITH_STAR_IN_RESOURCE',
  'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
  'CREATE_SLR_WITH_NOT_ACTION_AND_STAR_RESOURCE',
  'CREATE_SLR_WITH_STAR_IN_NOT_RESOURCE',
  'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
  'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE',
  'FULL_ADMIN_ACCESS',
  'ALLOW_WITH_NOTACTION',
  'ALLOW_WITH_NOTRESOURCE',
  'TRUST_ANY_PRINCIPAL',
  'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  'PRIVILEGE_ESCALATION',
]);

/** Asserts the marked ranges carry exactly `codes` (one per mark, in order) and no other section G code is reported. */
async function expectCodes(source: string, codes: string | string[], kind?: PolicyKind): Promise<void> {
  const { actual, expected } = await seen(source, 'json', pinned(kind));
  const list = typeof codes === 'string' ? expected.map(() => codes) : codes;
  const sort = (a: { code: string; start: number }, b: { code: string; start: number }) => a.start - b.start || a.code.localeCompare(b.code);
  assert.deepEqual(actual.filter((a) => OWN.has(a.code)).sort(sort), expected.map((r, i) => ({ code: list[i], ...r })).sort(sort));
}

/** Asserts that exactly `codes` of section G are reported, all on the one marked range. */
async function expectAt(source: string, codes: string[], kind?: PolicyKind): Promise<void> {
  const { actual, expected } = await seen(source, 'json', pinned(kind));
  assert.equal(expected.length, 1);
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  assert.deepEqual(actual.filter((a) => OWN.has(a.code)).sort(byCode), codes.map((code) => ({ code, ...expected[0] })).sort(byCode));
}

async function expectNone(text: string, kind?: PolicyKind): Promise<void> {
  const { actual } = await seen(text, 'json', pinned(kind));
  assert.deepEqual(
    actual.filter((a) => OWN.has(a.code)),
    [],
  );
}

async function only(text: string, kind?: PolicyKind) {
  return (await validate(text, 'json', pinned(kind))).filter((d) => OWN.has(String(d.code)));
}

const allow = (action: string, resource = '"Resource": "*"', extra = '') => `{"Effect": "Allow", ${action}, ${resource}${extra}}`;

describe('PASS_ROLE_* (iam:PassRole on every role)', () => {
  test('the action on "*"', async () => {
    await expectCodes(policy(allow(`"Action": ["ec2:DescribeInstances", "«iam:PassRole»"]`)), 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    const [d] = await only(policy(allow(`"Action": "iam:PassRole"`)));
    assert.match(String(d.message), /"iam:PassRole" on "Resource": "\*" lets the holder hand any role.*iam:PassedToService/);
  });
  test('a wildcard that includes it, on "*"', async () => {
    await expectCodes(policy(allow(`"Action": "«iam:Pass*»"`)), 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE');
  });
  test('NotAction that does not exclude it, on "*" (on the NotAction key, with what else NotAction grants)', async () => {
    await expectAt(policy(allow(`«"NotAction"»: ["s3:*", "iam:Get*"]`)), [
      'PASS_ROLE_WITH_NOT_ACTION_AND_STAR_IN_RESOURCE',
      'CREATE_SLR_WITH_NOT_ACTION_AND_STAR_RESOURCE',
      'ALLOW_WITH_NOTACTION',
      'PRIVILEGE_ESCALATION',
    ]);
  });
  test('with NotResource: directly, through a wildcard, through NotAction', async () => {
    const notResource = '"NotResource": "arn:aws:iam::123456789012:role/admin"';
    await expectCodes(policy(allow(`"Action": "«iam:PassRole»"`, `«"NotResource"»: "arn:aws:iam::123456789012:role/admin"`)), [
      'PASS_ROLE_WITH_STAR_IN_NOT_RESOURCE',
      'ALLOW_WITH_NOTRESOURCE',
    ]);
    const wildcard = await only(policy(allow(`"Action": "iam:*"`, notResource)));
    assert.ok(wildcard.some((d) => d.code === 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE'));
    const notAction = await only(policy(allow(`"NotAction": "s3:*"`, notResource)));
    assert.ok(notAction.some((d) => d.code === 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE'));
  });
  test('named roles, an iam:PassedToService condition, NotAction that excludes it, and Deny are fine', async () => {
    await expectNone(policy(allow(`"Action": "iam:PassRole"`, '"Resource": "arn:aws:iam::123456789012:role/app-*"')));
    await expectNone(
      policy(allow(`"Action": "iam:PassRole"`, '"Resource": "*"', `, "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}`)),
    );
    await expectNone(policy(`{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}`));
    const notAction = await only(policy(allow(`"NotAction": ["iam:*", "organizations:*"]`)));
    assert.deepEqual(
      notAction.map((d) => d.code),
      ['ALLOW_WITH_NOTACTION'],
    );
  });
});

describe('CREATE_SLR_* (iam:CreateServiceLinkedRole for every service)', () => {
  test('the action on "*"', async () => {
    await expectCodes(policy(allow(`"Action": "«iam:CreateServiceLinkedRole»"`)), 'CREATE_SLR_WITH_STAR_IN_RESOURCE');
  });
  test('a wildcard that includes it, on "*"', async () => {
    await expectAt(policy(allow(`"Action": "«iam:Create*»"`)), ['CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', 'PRIVILEGE_ESCALATION']);
  });
  test('NotAction that does not exclude it', async () => {
    const star = await only(
      policy(allow(`"NotAction": ["iam:Pass*", "iam:Put*", "iam:Attach*", "iam:Update*", "iam:CreateP*", "iam:CreateA*", "iam:CreateL*", "iam:Set*"]`)),
    );
    assert.deepEqual(star.map((d) => d.code).sort(), ['ALLOW_WITH_NOTACTION', 'CREATE_SLR_WITH_NOT_ACTION_AND_STAR_RESOURCE']);
    const notResource = await only(policy(allow(`"NotAction": "iam:PassRole"`, '"NotResource": "arn:aws:iam::123456789012:role/x"')));
    assert.ok(notResource.some((d) => d.code === 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE'));
  });
  test('with NotResource: directly and through a wildcard', async () => {
    const notResource = '"NotResource": "arn:aws:iam::123456789012:role/x"';
    const direct = await only(policy(allow(`"Action": "iam:CreateServiceLinkedRole"`, notResource)));
    assert.deepEqual(
      direct.map((d) => d.code),
      ['CREATE_SLR_WITH_STAR_IN_NOT_RESOURCE', 'ALLOW_WITH_NOTRESOURCE'],
    );
    const wildcard = await only(policy(allow(`"Action": "iam:CreateService*"`, notResource)));
    assert.deepEqual(
      wildcard.map((d) => d.code),
      ['CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', 'ALLOW_WITH_NOTRESOURCE'],
    );
  });
  test('an iam:AWSServiceName condition or a service-linked role ARN is fine', async () => {
    await expectNone(
      policy(
        allow(
          `"Action": "iam:CreateServiceLinkedRole"`,
          '"Resource": "*"',
          `, "Condition": {"StringLike": {"iam:AWSServiceName": "elasticbeanstalk.amazonaws.com"}}`,
        ),
      ),
    );
    await expectNone(
      policy(allow(`"Action": "iam:CreateServiceLinkedRole"`, '"Resource": "arn:aws:iam::*:role/aws-service-role/elasticbeanstalk.amazonaws.com/*"')),
    );
  });
});

describe('FULL_ADMIN_ACCESS', () => {
  test('"*" on "*" without a condition, alone (PassRole and escalation are part of it)', async () => {
    await expectCodes(policy(allow(`"Action": "«*»"`)), 'FULL_ADMIN_ACCESS');
  });
  test('a condition, named resources or named actions are not full admin', async () => {
    const conditioned = await only(policy(allow(`"Action": "*"`, '"Resource": "*"', `, "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}`)));
    assert.ok(!conditioned.some((d) => d.code === 'FULL_ADMIN_ACCESS'));
    await expectNone(policy(allow(`"Action": "*"`, '"Resource": "arn:aws:s3:::example-bucket/*"')));
    await expectNone(policy(allow(`"Action": "s3:GetObject"`)));
  });
});

describe('ALLOW_WITH_NOTACTION', () => {
  test('Allow with NotAction, on the key', async () => {
    const text = policy(allow(`«"NotAction"»: ["iam:*", "organizations:*"]`, '"Resource": "arn:aws:s3:::example-bucket/*"'));
    await expectCodes(text, 'ALLOW_WITH_NOTACTION');
  });
  test('Deny with NotAction is the documented use', async () => {
    await expectNone(policy(`{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}`));
  });
});

describe('ALLOW_WITH_NOTRESOURCE', () => {
  test('Allow with NotResource, on the key', async () => {
    await expectCodes(policy(allow(`"Action": "s3:GetObject"`, `«"NotResource"»: "arn:aws:s3:::secret-bucket/*"`)), 'ALLOW_WITH_NOTRESOURCE');
  });
  test('Deny with NotResource is fine', async () => {
    await expectNone(policy(`{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::example-bucket/*"}`));
  });
});

describe('TRUST_ANY_PRINCIPAL', () => {
  const trust = (principal: string, condition = '') => policy(`{"Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole"${condition}}`);
  test('"*" and {"AWS": "*"}, on the "*"', async () => {
    await expectCodes(trust(`"«*»"`), 'TRUST_ANY_PRINCIPAL');
    await expectCodes(trust(`{"AWS": ["123456789012", "«*»"]}`), 'TRUST_ANY_PRINCIPAL');
  });
  test('a condition that names the organization, account or external id narrows it', async () => {
    await expectNone(trust(`"*"`, `, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`));
    await expectNone(trust(`{"AWS": "*"}`, `, "Condition": {"StringEquals": {"sts:ExternalId": "d4f1c9"}}`));
  });
  test('a condition that does not name the principal does not', async () => {
    await expectCodes(trust(`"«*»"`, `, "Condition": {"Bool": {"aws:SecureTransport": "true"}}`), 'TRUST_ANY_PRINCIPAL');
  });
  test('named principals, and "*" in a resource policy, are not this check', async () => {
    await expectNone(trust(`{"AWS": "arn:aws:iam::123456789012:root"}`));
    await expectNone(policy(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}`));
  });
});

describe('DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE / ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE', () => {
  const statement = (effect: string, action: string, operator = 'StringEquals', key = '"aws:ResourceTag/team"') =>
    policy(`{"Effect": "${effect}", "Action": ${action}, "Resource": "*", "Condition": {"${operator}": {${key}: "payments"}}}`);
  test('a Deny on a service that has no tag keys, on the condition key', async () => {
    await expectCodes(
      statement('Deny', '"route53:ChangeResourceRecordSets"', 'StringEquals', '«"aws:ResourceTag/team"»'),
      'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    );
    const [d] = await only(statement('Deny', '"route53:ChangeResourceRecordSets"'));
    assert.match(String(d.message), /Route 53.*never in the request.*denies nothing/);
  });
  test('a negated operator is then always true', async () => {
    const [d] = await only(statement('Deny', '"route53:ChangeResourceRecordSets"', 'StringNotEquals'));
    assert.match(String(d.message), /always true, so this Deny applies whatever the tags/);
  });
  test('an Allow, with aws:TagKeys too', async () => {
    await expectCodes(
      statement('Allow', '"route53:ChangeResourceRecordSets"', 'StringEquals', '«"aws:ResourceTag/team"»'),
      'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    );
    await expectCodes(
      statement('Allow', '"route53:ChangeResourceRecordSets"', 'ForAnyValue:StringEquals', '«"aws:TagKeys"»'),
      'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    );
  });
  test('a service that supports the key, a mix with one, NotAction and "*" are fine', async () => {
    await expectNone(statement('Deny', '"ec2:TerminateInstances"'));
    await expectNone(statement('Deny', '["route53:ChangeResourceRecordSets", "ec2:TerminateInstances"]'));
    await expectNone(policy(`{"Effect": "Deny", "NotAction": "route53:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "x"}}}`));
    await expectNone(statement('Deny', '"*"'));
  });
});

describe('PRIVILEGE_ESCALATION', () => {
  test('a single escalation action on "*"', async () => {
    await expectCodes(policy(allow(`"Action": ["iam:GetPolicy", "«iam:CreatePolicyVersion»"]`)), 'PRIVILEGE_ESCALATION');
    const [d] = await only(policy(allow(`"Action": "iam:AttachRolePolicy"`)));
    assert.match(String(d.message), /iam:AttachRolePolicy \(attach AdministratorAccess/);
  });
  test('iam:PassRole with ec2:RunInstances across statements, on PassRole, citing the combination', async () => {
    const text = policy(allow(`"Action": "«iam:PassRole»"`), allow(`"Action": "ec2:RunInstances"`));
    await expectAt(text, ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'PRIVILEGE_ESCALATION']);
    const escalation = (await only(text.replace(/[«»]/g, ''))).find((d) => d.code === 'PRIVILEGE_ESCALATION');
    assert.match(String(escalation?.message), /iam:PassRole \+ ec2:RunInstances/);
  });
  test('the same actions on named resources, a conditioned statement, or PassRole alone are fine', async () => {
    await expectNone(policy(allow(`"Action": "iam:CreatePolicyVersion"`, '"Resource": "arn:aws:iam::123456789012:policy/app-*"')));
    await expectNone(
      policy(
        allow(
          `"Action": "iam:AttachRolePolicy"`,
          '"Resource": "*"',
          `, "Condition": {"ArnEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}`,
        ),
      ),
    );
    const passRole = await only(policy(allow(`"Action": "iam:PassRole"`), allow(`"Action": "lambda:CreateFunction"`)));
    assert.deepEqual(
      passRole.map((d) => d.code),
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE'],
    );
  });
});

describe('kinds', () => {
  test('identity-only findings stay out of trust policies; Allow-with-Not findings stay out of trust policies', async () => {
    await expectNone(policy(`{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}`));
  });
});
