import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLanguageService, DEFAULT_SETTINGS, loadResources, ServiceResources } from '../../server/src/service';
import { Catalog } from '../../server/src/service/catalog/catalog';
import { CatalogFiles } from '../../server/src/service/catalog/catalogFiles';
import { document } from '../support/service';

/** Action texts of every verdict: fine, wrong case, misspelled, unknown service, wildcards, trust-only, no name. */
const ACTIONS = [
  's3:GetObject',
  'S3:getobject',
  's3:GetObjekt',
  's4:GetObject',
  's4:PutObject',
  'ec3:DescribeInstances',
  's3:Get*',
  's3:Nope*',
  's*:GetObject',
  's3',
  's3:',
  'sts:AssumeRole',
  'sts:assumerolewithwebidentity',
  'ec2:RunInstances',
  'iam:passrole',
  'kms:ReEncrypt',
  'sts:AssumeRol3',
];

const GROUP_ARN = 'arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:6d3c1f2e-aaaa-bbbb-cccc-0123456789ab:autoScalingGroupName/web';

const policy = (actions: readonly string[], padding: string) =>
  `{"Version": "2012-10-17",${padding}"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ${JSON.stringify(actions)}, "Resource": "*"}, {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},${padding}"Action": ${JSON.stringify([...actions].reverse())}, "Resource": "*"}]}`;

async function diagnostics(resources: ServiceResources, kind: 'identity' | 'trust', texts: readonly string[]) {
  const service = createLanguageService(resources, { ...DEFAULT_SETTINGS, policyKinds: { '**/*.json': kind } });
  return texts.map((text) => {
    const doc = document(text);
    service.analyze(doc);
    return service.validate(doc);
  });
}

describe('memos of the checks', () => {
  for (const kind of ['identity', 'trust'] as const) {
    test(`the verdict on each action text, kept, gives a fresh run's findings at other places (${kind})`, async () => {
      const warm = await loadResources();
      // Another catalogue: the verdicts are kept per catalogue, so this one starts with none.
      const fresh: ServiceResources = { ...warm, catalog: new Catalog(CatalogFiles.installed().services(), warm.catalog.globalConditionKeys()) };
      const first = policy(ACTIONS, ' ');
      const moved = policy([...ACTIONS].reverse(), '\n    ');
      // The warm service judges every text on the first policy, then reads its verdicts for the moved one.
      const [, kept] = await diagnostics(warm, kind, [first, moved]);
      const [afresh] = await diagnostics(fresh, kind, [moved]);
      assert.ok(kept.some((d) => d.code === 'INVALID_ACTION') && kept.some((d) => d.code === 'NON_CANONICAL_ACTION_CASE'));
      assert.deepEqual(kept, afresh);
    });
  }
});

/** Statements whose Action entries need other resources (RESOURCE_MISMATCH_FOR_ACTION), the same texts in each. */
const MISMATCHES: readonly { readonly actions: readonly string[]; readonly resources: readonly string[] }[] = [
  { actions: ['s3:GetObject', 's3:ListBucket', 's3:ListBucketVersions'], resources: ['arn:aws:s3:::reports-bucket/*'] },
  { actions: ['s3:ListBucket', 's3:GetObject'], resources: ['arn:aws:s3:::reports-bucket'] },
  { actions: ['autoscaling:UpdateAutoScalingGroup', 'autoscaling:DescribeAutoScalingGroups'], resources: [GROUP_ARN] },
  { actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
  { actions: ['s3:ListBucket', 'ec2:DescribeInstances'], resources: ['arn:aws:s3:::reports-bucket/logs/*', 'arn:aws:s3:::other/*'] },
];

const mismatchPolicy = (statements: typeof MISMATCHES, padding: string) =>
  `{"Version": "2012-10-17",${padding}"Statement": [${statements
    .map(({ actions, resources }) => `{"Effect": "Allow",${padding}"Action": ${JSON.stringify(actions)}, "Resource": ${JSON.stringify(resources)}}`)
    .join(`,${padding}`)}]}`;

describe('memos of the resource checks', () => {
  test("what an Action entry needs, kept per entry and resource texts, gives a fresh run's findings at other places", async () => {
    const warm = await loadResources();
    const fresh: ServiceResources = { ...warm, catalog: new Catalog(CatalogFiles.installed().services(), warm.catalog.globalConditionKeys()) };
    const first = mismatchPolicy(MISMATCHES, ' ');
    // The same statements in another order, moved, and one the same resources with the actions reordered.
    const moved = mismatchPolicy([...MISMATCHES].reverse(), '\n      ');
    const [, kept] = await diagnostics(warm, 'identity', [first, moved]);
    const [afresh] = await diagnostics(fresh, 'identity', [moved]);
    assert.ok(kept.filter((d) => d.code === 'RESOURCE_MISMATCH_FOR_ACTION').length >= 3);
    assert.deepEqual(kept, afresh);
  });
});
