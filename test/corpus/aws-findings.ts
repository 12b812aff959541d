/**
 * Error-severity findings on AWS's own managed policies that are true: statements AWS wrote that can
 * never apply, by the Service Authorization Reference. Each is listed with the key and the reason,
 * checked by hand; the corpus test allows exactly these and fails when one no longer occurs.
 */
export interface TrueFinding {
  readonly policy: string;
  readonly code: string;
  /** The underlined text. */
  readonly text: string;
  readonly line: number;
  readonly reason: string;
}

const KMS_TAGKEYS =
  'kms:DescribeKey and kms:CreateGrant never carry aws:TagKeys (only requests that set tags do: CreateKey, TagResource, UntagResource, ReplicateKey): "ForAnyValue:StringEquals" on it never holds, so the Allow never applies';
const SAGEMAKER_TAGKEYS =
  'sagemaker:DeleteDomain sends no request tags, so aws:TagKeys is absent: "ForAnyValue:StringLike" and "Null": "false" on it never hold, so the Allow never applies';

export const TRUE_FINDINGS: readonly TrueFinding[] = [
  {
    policy: 'AmazonDataZoneSageMakerManageAccessRolePolicy',
    code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    text: 'aws:TagKeys',
    line: 170,
    reason: KMS_TAGKEYS,
  },
  {
    policy: 'AmazonDataZoneSageMakerManageAccessRolePolicy',
    code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    text: 'aws:TagKeys',
    line: 185,
    reason: KMS_TAGKEYS,
  },
  {
    policy: 'AmazonDataZoneSageMakerProvisioningRolePolicy',
    code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    text: 'aws:TagKeys',
    line: 47,
    reason: SAGEMAKER_TAGKEYS,
  },
  {
    policy: 'AmazonDataZoneSageMakerProvisioningRolePolicy',
    code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    text: 'aws:TagKeys',
    line: 52,
    reason: SAGEMAKER_TAGKEYS,
  },
];
