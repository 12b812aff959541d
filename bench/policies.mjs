// Generated policies of a given size, realistic enough to exercise every check family: mixed
// services, wildcards, ARNs of several resource types, conditions with global and service keys.
const SHAPES = [
  (i) => ({
    Sid: `Read${i}`,
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'],
    Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`],
  }),
  (i) => ({
    Sid: `Ec2${i}`,
    Effect: 'Allow',
    Action: ['ec2:Describe*', 'ec2:StartInstances', 'ec2:StopInstances'],
    Resource: '*',
    Condition: { StringEquals: { 'aws:ResourceTag/team': `team-${i}` }, Bool: { 'aws:SecureTransport': 'true' } },
  }),
  (i) => ({
    Sid: `Logs${i}`,
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: `arn:aws:logs:us-east-1:111122223333:log-group:/app/${i}:*`,
  }),
  (i) => ({
    Sid: `Deny${i}`,
    Effect: 'Deny',
    NotAction: ['iam:*', 'sts:*'],
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
  }),
  (i) => ({
    Sid: `Kms${i}`,
    Effect: 'Allow',
    Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
    Resource: `arn:aws:kms:us-east-1:111122223333:key/${String(i).padStart(8, '0')}-aaaa-bbbb-cccc-123456789012`,
    Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
  }),
];

export function policyOfSize(statements) {
  const Statement = Array.from({ length: statements }, (_, i) => SHAPES[i % SHAPES.length](i));
  return JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
}
