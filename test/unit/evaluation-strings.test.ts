import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { holds } from '../support/evaluation';

// IAM user guide, "IAM JSON policy elements: Condition operators", String and ARN condition operators.

describe('evaluation: String condition operators', () => {
  test("StringEquals is exact and case-sensitive (the guide's aws:PrincipalTag/job-category = iamuser-admin example)", () => {
    const condition = { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } };
    assert.equal(holds(condition, { 'aws:PrincipalTag/job-category': 'iamuser-admin' }), true);
    assert.equal(holds(condition, { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' }), false);
    assert.equal(holds(condition, {}), false);
  });

  test('condition key names are case-insensitive, values are not', () => {
    const condition = { StringEquals: { 'AWS:PRINCIPALTAG/Team': 'blue' } };
    assert.equal(holds(condition, { 'aws:principaltag/team': 'blue' }), true);
    assert.equal(holds(condition, { 'aws:PrincipalTag/Team': 'Blue' }), false);
  });

  test('several values of one key are ORed; several keys ANDed; several operators ANDed ("Creating a condition with multiple keys or values")', () => {
    const condition = {
      StringEquals: { 'aws:PrincipalTag/team': ['blue', 'green'], 'aws:PrincipalTag/env': 'prod' },
      StringLike: { 'aws:PrincipalTag/owner': 'dev-*' },
    };
    const base = { 'aws:PrincipalTag/team': 'green', 'aws:PrincipalTag/env': 'prod', 'aws:PrincipalTag/owner': 'dev-ana' };
    assert.equal(holds(condition, base), true);
    assert.equal(holds(condition, { ...base, 'aws:PrincipalTag/team': 'red' }), false);
    assert.equal(holds(condition, { ...base, 'aws:PrincipalTag/env': 'test' }), false);
    assert.equal(holds(condition, { ...base, 'aws:PrincipalTag/owner': 'ops-ana' }), false);
  });

  test('StringNotEquals with several values is the NOT of the OR; true when the key is absent', () => {
    const condition = { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } };
    assert.equal(holds(condition, { 'aws:RequestedRegion': 'us-east-1' }), true);
    assert.equal(holds(condition, { 'aws:RequestedRegion': 'eu-central-1' }), false);
    assert.equal(holds(condition, {}), true);
  });

  test('StringEqualsIgnoreCase and StringNotEqualsIgnoreCase ignore case', () => {
    assert.equal(holds({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, { 'aws:PrincipalTag/team': 'blue' }), true);
    assert.equal(holds({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, { 'aws:PrincipalTag/team': 'blues' }), false);
    assert.equal(holds({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, { 'aws:PrincipalTag/team': 'Blue' }), false);
    assert.equal(holds({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, { 'aws:PrincipalTag/team': 'red' }), true);
  });

  test("StringLike: * and ? wildcards, case-sensitive (the guide's s3:prefix home/ example); StringEquals reads * literally", () => {
    const like = { StringLike: { 's3:prefix': ['', 'home/', 'home/?ob/*'] } };
    assert.equal(holds(like, { 's3:prefix': 'home/bob/photos/' }), true);
    assert.equal(holds(like, { 's3:prefix': '' }), true);
    assert.equal(holds(like, { 's3:prefix': 'Home/bob/' }), false);
    assert.equal(holds(like, { 's3:prefix': 'home/alice/' }), false);
    assert.equal(holds({ StringEquals: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/x' }), false);
    assert.equal(holds({ StringEquals: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/*' }), true);
  });

  test('StringNotLike is the NOT of StringLike; true when absent', () => {
    const condition = { StringNotLike: { 'aws:userid': ['AROA*:admin-*', 'AIDA*'] } };
    assert.equal(holds(condition, { 'aws:userid': 'AROAEXAMPLE:admin-ana' }), false);
    assert.equal(holds(condition, { 'aws:userid': 'AROAEXAMPLE:ana' }), true);
    assert.equal(holds(condition, {}), true);
  });

  test('JSON numbers and booleans are read as their text under String operators', () => {
    assert.equal(holds({ StringEquals: { 'ec2:ResourceTag/count': 3 } }, { 'ec2:ResourceTag/count': '3' }), true);
  });
});

describe('evaluation: ARN condition operators', () => {
  const source = 'arn:aws:sns:us-east-1:111122223333:topic-name';

  test("ArnLike matches each of the six ARN parts on its own (the guide's aws:SourceArn example)", () => {
    const condition = { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } };
    assert.equal(holds(condition, { 'aws:SourceArn': source }), true);
    assert.equal(holds(condition, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:444455556666:topic-name' }), false);
    // A * in the region part does not reach across the colon into the account.
    assert.equal(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*' } }, { 'aws:SourceArn': source }), true);
    assert.equal(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-*-1:*:topic-*' } }, { 'aws:SourceArn': source }), true);
    assert.equal(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:topic-name:*' } }, { 'aws:SourceArn': source }), false);
  });

  test('ArnEquals takes wildcards too; both are case-sensitive; the resource part keeps its colons', () => {
    assert.equal(holds({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:topic-*' } }, { 'aws:SourceArn': source }), true);
    assert.equal(holds({ ArnEquals: { 'aws:SourceArn': 'arn:aws:SNS:us-east-1:111122223333:topic-name' } }, { 'aws:SourceArn': source }), false);
    const lambda = 'arn:aws:lambda:us-east-1:111122223333:function:my-fn:1';
    assert.equal(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:111122223333:function:*' } }, { 'aws:SourceArn': lambda }), true);
  });

  test('a request value that is no ARN matches no six-part pattern', () => {
    assert.equal(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, { 'aws:SourceArn': 'not-an-arn' }), false);
  });

  test('ArnNotEquals / ArnNotLike: NOT of the match, true when absent', () => {
    const condition = { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin-*' } };
    assert.equal(holds(condition, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin-ops' }), false);
    assert.equal(holds(condition, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/reader' }), true);
    assert.equal(holds(condition, {}), true);
    assert.equal(
      holds({ ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/reader' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/reader' }),
      false,
    );
  });
});
