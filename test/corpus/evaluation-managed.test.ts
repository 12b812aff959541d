import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '../../server/src/service';
import { managedPolicies } from '../support/corpus';
import { policyModel } from '../support/evaluation';

// Every AWS managed policy through the evaluator: none throws, and the well-known ones answer as
// their names say (AdministratorAccess, ReadOnlyAccess, AmazonS3ReadOnlyAccess, the EKS policies).

const REQUESTS = [
  { action: 'iam:CreateUser', resource: 'arn:aws:iam::111122223333:user/ana' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::carts/key' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::carts/key' },
  { action: 'ec2:DescribeInstances', resource: '*' },
  { action: 'eks:DescribeCluster', resource: 'arn:aws:eks:us-east-1:111122223333:cluster/prod' },
];

test('evaluation: every AWS managed policy answers five requests without throwing; the known ones as named', () => {
  const policies = managedPolicies();
  assert.ok(policies.length > 1_000);
  const answers = new Map<string, string[]>();
  for (const managed of policies) {
    const model = policyModel(managed.text);
    answers.set(
      managed.name,
      REQUESTS.map((request) => evaluate({ ...request, context: {}, complete: false }, [model]).decision),
    );
  }
  assert.deepEqual(answers.get('AdministratorAccess'), ['allowed', 'allowed', 'allowed', 'allowed', 'allowed']);
  assert.deepEqual(answers.get('ReadOnlyAccess')?.slice(0, 4), ['implicit-deny', 'allowed', 'implicit-deny', 'allowed']);
  assert.deepEqual(answers.get('AmazonS3ReadOnlyAccess')?.slice(1, 3), ['allowed', 'implicit-deny']);
  assert.equal(answers.get('AmazonEKSClusterPolicy')?.[2], 'implicit-deny');
  // PowerUserAccess: everything but IAM (NotAction), with a few IAM actions given back.
  assert.deepEqual(answers.get('PowerUserAccess')?.slice(0, 3), ['implicit-deny', 'allowed', 'allowed']);
});
