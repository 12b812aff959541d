import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, decision, holds, identity } from '../support/evaluation';

// IAM user guide, "IAM policy elements: Variables and tags".

const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';

describe('evaluation: policy variables', () => {
  const home = identity({ Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET}/home/\${aws:username}/*` });

  test("${aws:username} in Resource (the guide's home folder example)", () => {
    assert.equal(decision([home], { resource: `${BUCKET}/home/carlos/file`, context: { 'aws:username': 'carlos' } }), 'allowed');
    assert.equal(decision([home], { resource: `${BUCKET}/home/ana/file`, context: { 'aws:username': 'carlos' } }), 'implicit-deny');
  });

  test('an absent variable without default: the element matches nothing; partial context: depends on it', () => {
    assert.equal(decision([home], { resource: `${BUCKET}/home/carlos/file` }), 'implicit-deny');
    assert.deepEqual(decide([home], { resource: `${BUCKET}/home/carlos/file`, complete: false }).dependsOn, ['aws:username']);
  });

  test("a default value: ${aws:PrincipalTag/team, 'company-wide'} (the guide's default value example)", () => {
    const policy = identity({ Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET}/\${aws:PrincipalTag/team, 'company-wide'}/*` });
    assert.equal(decision([policy], { resource: `${BUCKET}/company-wide/x` }), 'allowed');
    assert.equal(decision([policy], { resource: `${BUCKET}/blue/x`, context: { 'aws:PrincipalTag/team': 'blue' } }), 'allowed');
    assert.equal(decision([policy], { resource: `${BUCKET}/company-wide/x`, context: { 'aws:PrincipalTag/team': 'blue' } }), 'implicit-deny');
  });

  test("the escapes ${*}, ${?} and ${$} are the literal characters (the guide's special characters)", () => {
    const policy = identity({ Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET}/a\${*}b\${?}\${$}` });
    assert.equal(decision([policy], { resource: `${BUCKET}/a*b?$` }), 'allowed');
    assert.equal(decision([policy], { resource: `${BUCKET}/axxb1$` }), 'implicit-deny');
  });

  test("a variable's value is literal: a * in it is no wildcard", () => {
    const policy = identity({ Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET}/\${aws:PrincipalTag/team}` });
    assert.equal(decision([policy], { resource: `${BUCKET}/blue`, context: { 'aws:PrincipalTag/team': '*' } }), 'implicit-deny');
    assert.equal(decision([policy], { resource: `${BUCKET}/*`, context: { 'aws:PrincipalTag/team': '*' } }), 'allowed');
  });

  test("in String and ARN condition values (the guide's aws:ResourceTag = ${aws:PrincipalTag} ABAC example)", () => {
    const abac = { StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' } };
    assert.equal(holds(abac, { 'aws:ResourceTag/project': 'unicorn', 'aws:PrincipalTag/project': 'unicorn' }), true);
    assert.equal(holds(abac, { 'aws:ResourceTag/project': 'unicorn', 'aws:PrincipalTag/project': 'pegasus' }), false);
    assert.equal(holds(abac, { 'aws:ResourceTag/project': 'unicorn' }), false);
    assert.equal(holds({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/bob/x', 'aws:username': 'bob' }), true);
    assert.equal(
      holds(
        { ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:${aws:PrincipalAccount}:*' } },
        { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:111122223333:q', 'aws:PrincipalAccount': '111122223333' },
      ),
      true,
    );
  });

  test('without Version 2012-10-17 a variable is plain text', () => {
    const old = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET}/\${aws:username}` }] };
    assert.equal(decision([old], { resource: `${BUCKET}/carlos`, context: { 'aws:username': 'carlos' } }), 'implicit-deny');
    assert.equal(decision([old], { resource: `${BUCKET}/\${aws:username}` }), 'allowed');
  });

  test('Bool reads a variable once resolved (operators that take variables: catalog/operators.ts)', () => {
    assert.equal(
      holds({ Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' } }, { 'aws:SecureTransport': 'true', 'aws:PrincipalTag/tls': 'true' }),
      true,
    );
    assert.equal(
      holds({ Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' } }, { 'aws:SecureTransport': 'true', 'aws:PrincipalTag/tls': 'false' }),
      false,
    );
    assert.equal(holds({ Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' } }, { 'aws:SecureTransport': 'true' }), false);
  });

  test('variables are not read under Numeric operators', () => {
    assert.equal(holds({ NumericEquals: { 's3:max-keys': '${aws:PrincipalTag/n}' } }, { 's3:max-keys': '3', 'aws:PrincipalTag/n': '3' }), false);
  });
});
