import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podIdentitySessionTags } from '../../server/src/service';
import { ALLOW_ALL, decide, decision, identity } from '../support/evaluation';

// IAM user guide, "Policy evaluation logic" (and "Determining whether a request is allowed or denied
// within an account"), "IAM JSON policy elements: Action / NotAction / Resource / NotResource".

const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';

describe('evaluation: the order of the decision', () => {
  test('no statement applies: implicit deny ("By default, all requests are implicitly denied")', () => {
    assert.equal(decision([]), 'implicit-deny');
    assert.equal(decision([identity({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })]), 'implicit-deny');
  });

  test('an Allow that matches: allowed, naming the statement', () => {
    const answer = decide([identity({ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` })]);
    assert.equal(answer.decision, 'allowed');
    assert.deepEqual(
      answer.allowedBy?.map((s) => [s.policy, s.statement, s.sid]),
      [[0, 0, 'Read']],
    );
  });

  test('an explicit Deny overrides any Allow, in the same or another policy ("explicit deny in any policy overrides the allow")', () => {
    const deny = { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:*', Resource: '*' };
    const same = decide([identity(ALLOW_ALL, deny)]);
    assert.equal(same.decision, 'explicit-deny');
    assert.equal(same.deniedBy?.sid, 'NoDelete');
    assert.equal(same.deniedBy?.statement, 1);
    const other = decide([identity(ALLOW_ALL), identity(deny)]);
    assert.equal(other.deniedBy?.policy, 1);
  });

  test('the Deny names its range in the policy text', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}';
    const answer = decide([JSON.parse(text) as object]);
    assert.equal(answer.decision, 'explicit-deny');
    assert.ok(answer.deniedBy!.range.end > answer.deniedBy!.range.start);
  });

  test('permissions boundary: the effective permissions are the intersection (IAM user guide, "Permissions boundaries for IAM entities")', () => {
    const boundary = identity({ Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' });
    const createUser = identity({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' });
    // The guide's example: the boundary allows S3, CloudWatch and EC2; the identity policy iam:CreateUser: nothing is allowed.
    assert.equal(decision([createUser], { action: 'iam:CreateUser', resource: '*' }, boundary), 'implicit-deny');
    assert.equal(decision([identity(ALLOW_ALL)], { action: 's3:GetObject' }, boundary), 'allowed');
    // The boundary alone grants nothing.
    assert.equal(decision([], { action: 's3:GetObject' }, boundary), 'implicit-deny');
  });

  test('a Deny in the boundary is an explicit deny', () => {
    const boundary = identity(ALLOW_ALL, { Sid: 'Fence', Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    const answer = decide([identity(ALLOW_ALL)], { action: 'iam:PassRole', resource: '*' }, boundary);
    assert.equal(answer.decision, 'explicit-deny');
    assert.equal(answer.deniedBy?.policy, 'boundary');
  });
});

describe('evaluation: Action and NotAction', () => {
  test('action names are case-insensitive; * and ? are wildcards ("IAM JSON policy elements: Action")', () => {
    const policy = identity({ Effect: 'Allow', Action: ['S3:get*', 'ec2:Describe?nstances'], Resource: '*' });
    assert.equal(decision([policy], { action: 's3:GetObject' }), 'allowed');
    assert.equal(decision([policy], { action: 'S3:GETOBJECTACL' }), 'allowed');
    assert.equal(decision([policy], { action: 's3:PutObject' }), 'implicit-deny');
    assert.equal(decision([policy], { action: 'ec2:DescribeInstances', resource: '*' }), 'allowed');
    assert.equal(decision([policy], { action: 'ec2:DescribeImages', resource: '*' }), 'implicit-deny');
  });

  test('Allow with NotAction allows every action but those listed ("IAM JSON policy elements: NotAction", NotAction with Allow)', () => {
    const policy = identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    assert.equal(decision([policy], { action: 's3:GetObject' }), 'allowed');
    assert.equal(decision([policy], { action: 'IAM:CreateUser', resource: '*' }), 'implicit-deny');
  });

  test('Deny with NotAction denies everything but those listed (the guide\'s "deny all but IAM when not MFA" shape)', () => {
    const policy = identity(ALLOW_ALL, { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' });
    assert.equal(decision([policy], { action: 's3:GetObject' }), 'explicit-deny');
    assert.equal(decision([policy], { action: 'sts:GetCallerIdentity', resource: '*' }), 'allowed');
  });
});

describe('evaluation: Resource and NotResource', () => {
  test('ARNs match case-sensitively; * spans / and : ("IAM JSON policy elements: Resource", wildcards in ARNs)', () => {
    const policy = identity({ Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET}/home/*` });
    assert.equal(decision([policy], { resource: `${BUCKET}/home/carlos/notes.txt` }), 'allowed');
    assert.equal(decision([policy], { resource: `${BUCKET}/HOME/carlos` }), 'implicit-deny');
    const anyRegion = identity({ Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:*' });
    assert.equal(decision([anyRegion], { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/carts' }), 'allowed');
  });

  test('? is exactly one character', () => {
    const policy = identity({ Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET}/log-?.txt` });
    assert.equal(decision([policy], { resource: `${BUCKET}/log-1.txt` }), 'allowed');
    assert.equal(decision([policy], { resource: `${BUCKET}/log-12.txt` }), 'implicit-deny');
  });

  test('Deny with NotResource denies everything but the listed resources ("IAM JSON policy elements: NotResource")', () => {
    const policy = identity(ALLOW_ALL, { Effect: 'Deny', Action: 's3:*', NotResource: [BUCKET, `${BUCKET}/*`] });
    assert.equal(decision([policy], { resource: `${BUCKET}/key` }), 'allowed');
    assert.equal(decision([policy], { resource: 'arn:aws:s3:::other-bucket/key' }), 'explicit-deny');
  });

  test('a malformed statement never applies (no Resource, both Action and NotAction, an unknown Effect)', () => {
    assert.equal(decision([identity({ Effect: 'Allow', Action: '*' })]), 'implicit-deny');
    assert.equal(decision([identity({ Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' })]), 'implicit-deny');
    assert.equal(decision([identity({ Effect: 'allow', Action: '*', Resource: '*' })]), 'implicit-deny');
    assert.equal(decision([identity(ALLOW_ALL, { Effect: 'Deny', Action: '*', Resource: '*', Condition: 'yes' })]), 'allowed');
  });
});

describe('evaluation: a partial context (the editor)', () => {
  const ipOnly = identity({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } });

  test('an unknown key that decides: depends, naming the key as the policy writes it', () => {
    const answer = decide([ipOnly], { complete: false });
    assert.equal(answer.decision, 'depends');
    assert.deepEqual(answer.dependsOn, ['aws:SourceIp']);
    assert.deepEqual(
      answer.undecided?.map((s) => [s.policy, s.statement]),
      [[0, 0]],
    );
  });

  test('the same key given: allowed or implicit deny', () => {
    assert.equal(decision([ipOnly], { complete: false, context: { 'aws:sourceip': '203.0.113.9' } }), 'allowed');
    assert.equal(decision([ipOnly], { complete: false, context: { 'aws:SourceIp': '198.51.100.1' } }), 'implicit-deny');
  });

  test('a Deny that may apply makes an allow depend; a sure Deny wins regardless of unknown keys', () => {
    const guarded = identity(ALLOW_ALL, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    assert.deepEqual(decide([guarded], { complete: false }).dependsOn, ['aws:SecureTransport']);
    const sure = identity({ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } }, { Effect: 'Deny', Action: 's3:*', Resource: '*' });
    assert.equal(decision([sure], { complete: false }), 'explicit-deny');
  });

  test('denied whatever the unknown keys are: implicit deny, never depends', () => {
    const policy = identity({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
    assert.equal(decision([policy], { complete: false }), 'implicit-deny');
  });

  test('a complete context never depends: an absent key is absent', () => {
    assert.equal(decision([ipOnly], { complete: true }), 'implicit-deny');
  });

  test('Pod Identity session tags answer ABAC conditions ("EKS Pod Identity session tags")', () => {
    const abac = identity({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/\${aws:PrincipalTag/kubernetes-namespace}/*`,
      Condition: { StringEquals: { 'aws:PrincipalTag/eks-cluster-name': 'prod' } },
    });
    const context = podIdentitySessionTags({ name: 'prod' }, 'carts', 'carts-sa');
    assert.equal(context['aws:PrincipalTag/kubernetes-service-account'], 'carts-sa');
    assert.equal(decision([abac], { complete: false, context, resource: `${BUCKET}/carts/x` }), 'allowed');
    assert.equal(decision([abac], { complete: false, context, resource: `${BUCKET}/orders/x` }), 'implicit-deny');
    const byPod = identity({ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:PrincipalTag/kubernetes-pod-name': 'carts-0' } } });
    assert.deepEqual(decide([byPod], { complete: false, context }).dependsOn, ['aws:PrincipalTag/kubernetes-pod-name']);
  });
});
