import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effectivePermissions, loadResources, ManagedPolicies, ServiceAccountSources } from '../../server/src/service';
import { ACCOUNT, serviceAccount, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** One AWS managed policy, a stand-in built here for the package's data. */
function managedPolicies(): ManagedPolicies {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }, null, 2);
  const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
  return new ManagedPolicies(() => ({ source: 'test-managed-policies@1', policies: [{ name: 'AmazonS3ReadOnlyAccess', arn, version: 'v3', document }] }));
}

/** The sources of the service questions over in-memory files, as the CLI builds them. */
async function sourcesOf(files: Record<string, string>): Promise<ServiceAccountSources> {
  const ws = await TestWorkspace.of(files);
  const texts = new Map(Object.entries(files).map(([file, text]) => [ws.uri(file), text]));
  const resources = await loadResources(managedPolicies());
  return { index: ws.service.index, ...resources, read: (uri) => texts.get(uri) };
}

const SCRIPT = [
  'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json',
  'aws iam put-role-policy --role-name AppRole --policy-name app --policy-document file://app.json',
  'aws iam attach-role-policy --role-name AppRole --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
  '',
].join('\n');

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

describe('effectivePermissions', () => {
  test('a Deny on one of the resources drops that resource only; a conditional Deny keeps the row; AWS managed rows say their ARN', async () => {
    const sources = await sourcesOf({
      'sa.yaml': serviceAccount(),
      'trust.json': trustPolicy(),
      'roles.sh': SCRIPT,
      'app.json': policy(
        { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::public/*', 'arn:aws:s3:::secret/*'] },
        { Sid: 'Queue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` },
        { Sid: 'NoSecret', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secret/*' },
        { Sid: 'NoQueueOutside', Effect: 'Deny', Action: 'sqs:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      ),
    });
    const result = effectivePermissions(sources, 'team-a', 'app');
    assert.deepEqual(
      result.roles.map((r) => `${r.name} ${r.via} ${r.policies.join(',')}`),
      ['AppRole annotation app,arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    );
    const rows = result.rows.filter((r) => r.action === 's3:GetObject' || r.action === 'sqs:SendMessage');
    assert.deepEqual(
      rows.map((r) => `${r.action} ${r.resources.join(',')} ${r.statement.policy} ${r.statement.sid ?? '#' + (r.statement.index + 1)} ${r.statement.line}`),
      [
        's3:GetObject * arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess #1 4',
        's3:GetObject arn:aws:s3:::public/* app Read 4',
        `sqs:SendMessage arn:aws:sqs:us-east-1:${ACCOUNT}:q app Queue 13`,
      ],
    );
    // The managed policy's s3:Get* keeps its "*" resource: the Deny on secret/* does not match all of it.
    assert.ok(result.rows.every((r) => r.service === 's3' || r.service === 'sqs'));
    assert.ok(result.rows.some((r) => r.action === 's3:GetObjectTagging' && r.statement.policy.endsWith('AmazonS3ReadOnlyAccess')));
    assert.match(result.note, /not taken into account/);
  });

  test('no role: no rows, the unknown says why', async () => {
    const sources = await sourcesOf({ 'sa.yaml': serviceAccount({ arn: `arn:aws:iam::${ACCOUNT}:role/Elsewhere` }) });
    const result = effectivePermissions(sources, 'team-a', 'app');
    assert.deepEqual(result.roles, []);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(
      result.unknowns.map((u) => `${u.reason} ${u.line}`),
      ['role-not-in-workspace 7'],
    );
  });
});
