import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seen } from '../support/service';
import { fixed, Fixing } from '../support/fixing';

const CODE = 'RESOURCE_MISMATCH_FOR_ACTION';

const policyOf = (action: string, resource: string, extra = '') => `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Scaling",
      "Effect": "Allow",
      "Action": ${action},
      "Resource": ${resource}${extra}
    }
  ]
}`;

const GROUP = 'arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:6d3c1f2e-aaaa-bbbb-cccc-0123456789ab:autoScalingGroupName/web';

/** The marked ranges carry exactly RESOURCE_MISMATCH_FOR_ACTION; returns its messages. */
async function expectMismatch(source: string): Promise<string[]> {
  const { actual, expected, diagnostics } = await seen(source);
  assert.deepEqual(
    actual.filter((a) => a.code === CODE),
    expected.map((r) => ({ code: CODE, ...r })),
  );
  return diagnostics.filter((d) => d.code === CODE).map((d) => d.message as string);
}

describe(CODE, () => {
  test('a "*"-only action beside an Auto Scaling group ARN', async () => {
    const [message] = await expectMismatch(policyOf(`["autoscaling:UpdateAutoScalingGroup", "«autoscaling:DescribeAutoScalingGroups»"]`, `"${GROUP}"`));
    assert.equal(
      message,
      `autoscaling:DescribeAutoScalingGroups acts on no specific resource ("Resource": "*"), none of this statement's resources: it is never allowed here`,
    );
  });

  test('s3:ListBucket with only object ARNs names the bucket format', async () => {
    const [message] = await expectMismatch(policyOf(`["s3:GetObject", "«s3:ListBucket»"]`, `"arn:aws:s3:::reports-bucket/*"`));
    assert.match(
      message,
      /^s3:ListBucket acts on .*bucket \(arn:\$\{Partition\}:s3:::\$\{BucketName\}\).*none of this statement's resources: it is never allowed here$/,
    );
  });

  test('a wildcard action is reported only when none of its expansions fits', async () => {
    await expectMismatch(policyOf(`["s3:GetObject", "s3:ListBucket*"]`, `["arn:aws:s3:::b", "arn:aws:s3:::b/*"]`));
    await expectMismatch(policyOf(`["s3:GetObject", "«s3:ListBucketMultipart*»"]`, `"arn:aws:s3:::b/*"`));
    // s3:Get* has object actions among its expansions.
    await expectMismatch(policyOf(`["s3:Get*"]`, `"arn:aws:s3:::b/*"`));
  });

  test('silent when a resource fits, is "*", has a variable or wildcard service, or with NotAction / NotResource', async () => {
    await expectMismatch(policyOf(`["s3:GetObject", "s3:ListBucket"]`, `["arn:aws:s3:::b", "arn:aws:s3:::b/*"]`));
    await expectMismatch(policyOf(`["autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup"]`, `["*"]`));
    await expectMismatch(policyOf(`["s3:GetObject", "s3:ListBucket"]`, `"arn:aws:*:::b/*"`));
    await expectMismatch(policyOf(`["s3:GetObject", "s3:ListBucket"]`, `"arn:aws:s3:::\${aws:username}"`));
    await expectMismatch(policyOf(`["s3:*"]`, `"arn:aws:s3:::b/*"`));
    await expectMismatch(policyOf(`["*"]`, `"arn:aws:s3:::b/*"`));
    const notAction = policyOf(`["s3:ListBucket"]`, `"arn:aws:s3:::b/*"`).replace('"Action"', '"NotAction"');
    await expectMismatch(notAction);
  });

  test('one finding per statement-wide mismatch: the resource checks report it, not each action', async () => {
    const { actual } = await seen(policyOf(`["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies"]`, `"${GROUP}"`));
    assert.deepEqual(
      actual.filter((a) => a.code === CODE || a.code === 'RESOURCE_NOT_SUPPORTED_BY_ACTION').map((a) => a.code),
      ['RESOURCE_NOT_SUPPORTED_BY_ACTION'],
    );
  });
});

describe(`${CODE}: the quick fix`, () => {
  test('a "*"-only action moves to a statement of "*"', async () => {
    const files = {
      'p.json': policyOf(`[\n        "autoscaling:UpdateAutoScalingGroup",\n        "autoscaling:|DescribeAutoScalingGroups"\n      ]`, `"${GROUP}"`),
    };
    const { text } = await fixed(files, 'p.json', CODE, `Move "autoscaling:DescribeAutoScalingGroups" to a statement of "*"`);
    assert.equal(
      text,
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Scaling",
      "Effect": "Allow",
      "Action": [
        "autoscaling:UpdateAutoScalingGroup"
      ],
      "Resource": "${GROUP}"
    },
    {
      "Effect": "Allow",
      "Action": "autoscaling:DescribeAutoScalingGroups",
      "Resource": "*"
    }
  ]
}`,
    );
  });

  test('s3:ListBucket moves to a statement of the bucket its object ARN is in, keeping the condition', async () => {
    const condition = `,\n      "Condition": {"Bool": {"aws:SecureTransport": "true"}}`;
    const files = { 'p.json': policyOf(`["s3:GetObject", "s3:|ListBucket"]`, `"arn:aws:s3:::reports-bucket/*"`, condition) };
    const { text } = await fixed(files, 'p.json', CODE, `Move "s3:ListBucket" to a statement of "arn:aws:s3:::reports-bucket"`);
    assert.equal(
      text,
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Scaling",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": "arn:aws:s3:::reports-bucket/*"${condition}
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports-bucket",
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "true"
        }
      }
    }
  ]
}`,
    );
  });

  test('actions that need the same resource move together; with no ARN to derive, the format with placeholders', async () => {
    const files = {
      'p.json': policyOf(
        `["autoscaling:UpdateAutoScalingGroup", "autoscaling:|DescribeAutoScalingGroups", "autoscaling:DescribePolicies", "ec2:DescribeInstances"]`,
        `"${GROUP}"`,
      ),
    };
    const fixing = await Fixing.of(files, 'p.json');
    assert.deepEqual(fixing.titles(CODE), ['Move 2 actions to a statement of "*"']);
    const text = fixing.apply('Move 2 actions to a statement of "*"');
    assert.match(text, /"Action": \["autoscaling:UpdateAutoScalingGroup", "ec2:DescribeInstances"\]/);
    assert.match(text, /"Action": \[\n {8}"autoscaling:DescribeAutoScalingGroups",\n {8}"autoscaling:DescribePolicies"\n {6}\],\n {6}"Resource": "\*"/);

    const launch = `arn:aws:autoscaling:eu-west-1:111122223333:launchConfiguration:6d3c1f2e-aaaa-bbbb-cccc-0123456789ab:launchConfigurationName/web`;
    const other = await Fixing.of(
      { 'p.json': policyOf(`["autoscaling:DeleteLaunchConfiguration", "autoscaling:|DeleteAutoScalingGroup"]`, `"${launch}"`) },
      'p.json',
    );
    const [title] = other.titles(CODE);
    assert.match(
      title,
      /^Move "autoscaling:DeleteAutoScalingGroup" to a statement of "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:<GroupId>:autoScalingGroupName\/<GroupFriendlyName>"$/,
    );
  });

  test('when every action mismatches, the Resource is replaced', async () => {
    const files = { 'p.json': policyOf(`"s3:|ListBucketMultipartUploads"`, `"arn:aws:s3:::reports-bucket/*"`) };
    const { text } = await fixed(files, 'p.json', CODE, `Set the statement's Resource to "arn:aws:s3:::reports-bucket"`);
    assert.equal(text, policyOf(`"s3:ListBucketMultipartUploads"`, `"arn:aws:s3:::reports-bucket"`));
  });
});
