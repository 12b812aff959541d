/** Severities as users name them in settings and as the CLI prints them. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CheckInfo {
  readonly code: string;
  readonly severity: Severity;
  /** One line: what the check reports. */
  readonly title: string;
}

function define<C extends string>(checks: Record<C, [Severity, string]>): Record<C, CheckInfo> {
  const result = {} as Record<C, CheckInfo>;
  for (const code of Object.keys(checks) as C[]) {
    const [severity, title] = checks[code];
    result[code] = { code, severity, title };
  }
  return result;
}

/**
 * Every diagnostic the engine can report. Codes are Access Analyzer's issue codes where it has one
 * (CHECKS.md); our own are prefixed by area or named for what they find. Each has a page at
 * docs/checks/<code>.md.
 */
export const CHECKS = define({
  // A. Document and structure
  JSON_SYNTAX_ERROR: ['error', 'The policy is not valid JSON as IAM reads it (no comments, no trailing commas)'],
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: ['error', 'The same key twice in one object, in the same or in a different case'],
  INVALID_POLICY_ELEMENT: ['error', 'A key that is not an element of the policy language at this level'],
  DATA_TYPE_MISMATCH: ['error', 'An element has the wrong JSON type'],
  MISSING_STATEMENT: ['error', 'The policy has no Statement'],
  MISSING_EFFECT: ['error', 'A statement has no Effect'],
  INVALID_EFFECT: ['error', 'Effect is not exactly Allow or Deny'],
  MISSING_ACTION: ['error', 'A statement has neither Action nor NotAction'],
  MISSING_RESOURCE: ['error', 'An identity or resource policy statement has neither Resource nor NotResource'],
  MISSING_PRINCIPAL: ['error', 'A trust or resource policy statement has neither Principal nor NotPrincipal'],
  UNSUPPORTED_ELEMENT_COMBINATION: ['error', 'Action with NotAction, Resource with NotResource, or Principal with NotPrincipal in one statement'],
  UNSUPPORTED_PRINCIPAL: ['error', 'Principal or NotPrincipal in an identity policy'],
  EMPTY_ARRAY_ACTION: ['information', 'An empty Action array: the statement matches no action'],
  EMPTY_ARRAY_RESOURCE: ['information', 'An empty Resource array: the statement matches no resource'],
  EMPTY_ARRAY_PRINCIPAL: ['information', 'An empty principal array: it names nobody'],
  EMPTY_OBJECT_PRINCIPAL: ['information', 'An empty Principal object: it names nobody'],
  EMPTY_OBJECT_CONDITION: ['information', 'An empty Condition object or operator block'],
  EMPTY_ARRAY_CONDITION: ['information', 'A condition key with an empty array of values'],
  EMPTY_ARRAY_CONDITION_FORALLVALUES: ['information', 'ForAllValues with an empty array of values'],
  EMPTY_ARRAY_CONDITION_FORANYVALUE: ['information', 'ForAnyValue with an empty array of values'],
  EMPTY_ARRAY_CONDITION_IFEXISTS: ['information', 'An IfExists operator with an empty array of values'],
  PLACEHOLDER_VALUE: ['warning', 'A value left from a documentation template (<aws-account-id>, YOUR_ACCOUNT_ID, XXXXXXXXXXXX, region-code, ${ACCOUNT_ID})'],
  DOCUMENT_BEYOND_LIMITS: ['warning', 'A file over 2 MB, or a value nested over 128 levels deep: iam-irsa does not read it'],
  // B. Version and Sid
  MISSING_VERSION: ['warning', 'No Version: the policy is read as 2008-10-17, where policy variables are literal text'],
  INVALID_VERSION: ['error', 'Version is neither 2012-10-17 nor 2008-10-17'],
  VARIABLE_UNSUPPORTED_IN_VERSION: ['error', 'A policy variable while Version is 2008-10-17 or missing'],
  UNSUPPORTED_SID: ['error', 'A Sid with characters other than A-Z, a-z and 0-9'],
  UNIQUE_SIDS_REQUIRED: ['error', 'The same Sid in two statements'],
  EMPTY_SID_VALUE: ['information', 'An empty Sid'],
  // C. Actions
  INVALID_SERVICE_IN_ACTION: ['error', 'The action names a service prefix that does not exist'],
  INVALID_ACTION: ['error', 'The action does not exist in its service, or a wildcard matches no action'],
  WILDCARD_IN_SERVICE_NAME: ['information', 'A wildcard in the service prefix of an action'],
  REDUNDANT_ACTION: ['information', 'An action already covered by another entry of the statement'],
  NON_CANONICAL_ACTION_CASE: ['information', 'An action written in another case than AWS spells it'],
  UNSUPPORTED_ACTION_IN_POLICY: ['error', 'An action this kind of policy cannot use'],
  // D. Resources and ARNs
  INVALID_ARN_PREFIX: ['error', 'A resource that does not start with arn:'],
  MISSING_ARN_FIELD: ['error', 'An ARN with fewer than six colon-separated fields'],
  INVALID_PARTITION: ['error', 'An ARN partition that does not exist'],
  INVALID_ARN_SERVICE_CASE: ['error', 'An ARN service in upper case'],
  INVALID_SERVICE: ['error', 'An ARN service that no AWS resource type uses'],
  INVALID_ARN_REGION: ['error', 'An ARN region field that is not a region'],
  INVALID_REGION: ['error', 'A region that does not exist in the ARN partition'],
  MISSING_ARN_REGION: ['error', 'An ARN without the region its service requires'],
  ARN_REGION_NOT_ALLOWED: ['error', 'A region in the ARN of a service whose ARNs have none'],
  INVALID_ARN_ACCOUNT: ['error', 'An ARN account that is not 12 digits'],
  ARN_ACCOUNT_NOT_ALLOWED: ['error', 'An account in the ARN of a resource type that has none'],
  INVALID_ARN_RESOURCE: ['error', 'An ARN resource part that matches no resource type of its service'],
  UNSUPPORTED_RESOURCE_ARN_IN_POLICY: ['error', 'An ARN that matches no resource type of any action of the statement'],
  RESOURCE_NOT_SUPPORTED_BY_ACTION: ['warning', 'An ARN where every action of the statement supports only "*"'],
  RESOURCE_MISMATCH_FOR_ACTION: ['warning', "An action that matches none of the statement's resources, so the statement never allows it"],
  REDUNDANT_RESOURCE: ['information', 'A resource already covered by another entry of the statement'],
  // E. Principals
  INVALID_PRINCIPAL_KEY: ['error', 'A principal type other than AWS, Service, Federated or CanonicalUser'],
  INVALID_PRINCIPAL_FORMAT: ['error', 'A malformed account, ARN or canonical user id in a principal'],
  INVALID_SERVICE_PRINCIPAL_FORMAT: ['error', 'A service principal that is not a service host name'],
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: ['error', 'A partial wildcard in a principal'],
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: ['error', 'A partial wildcard in a principal of a trust policy'],
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: ['error', 'NotPrincipal in a trust policy'],
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: ['error', 'Resource or NotResource in a trust policy'],
  INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: [
    'error',
    'A Federated principal that is not an OIDC or SAML provider ARN or a known identity provider',
  ],
  MISMATCHED_ACTION_FOR_PRINCIPAL: ['error', 'An assume-role action that does not fit the principal type'],
  ALLOW_WITH_NOTPRINCIPAL: ['warning', 'Allow with NotPrincipal: it grants everyone but the listed principals'],
  REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: ['information', 'The same principal listed twice'],
  // F. Conditions
  INVALID_CONDITION_OPERATOR: ['error', 'A condition operator that does not exist'],
  NULL_WITH_IF_EXISTS: ['error', 'NullIfExists: Null takes no IfExists'],
  INVALID_CONDITION_KEY_FORMAT: ['error', 'A condition key that is not prefix:name'],
  INVALID_GLOBAL_CONDITION_KEY: ['error', 'An aws: condition key that does not exist'],
  INVALID_SERVICE_CONDITION_KEY: ['error', 'A service condition key that does not exist'],
  MISSING_TAG_KEY_IN_CONDITION: ['error', 'A tag condition key without the tag name'],
  UNSUPPORTED_ACTION_FOR_CONDITION_KEY: ['error', 'No action of the statement sends the condition key: the statement never applies'],
  INVALID_CONDITION_DATA_TYPE: ['error', 'Condition values of a JSON type IAM does not accept, or of mixed types'],
  TYPE_MISMATCH: ['warning', 'The operator compares another type than the condition key has'],
  TYPE_MISMATCH_BOOLEAN: ['warning', 'A Bool or Null value other than true or false'],
  TYPE_MISMATCH_NUMBER: ['warning', 'A Numeric operator with a value that is not a number'],
  TYPE_MISMATCH_IP_RANGE: ['error', 'An IpAddress operator with a value that is not an IP address or CIDR range'],
  INVALID_DATE_VALUE: ['error', 'A Date operator with a value that is not an ISO 8601 date or epoch seconds'],
  INVALID_CONDITION_MULTIPLE_BOOLEAN: ['error', 'Both true and false for one Bool key: the condition always matches'],
  WILDCARD_WITHOUT_LIKE_OPERATOR: ['warning', 'A * or ? under an operator that matches it literally'],
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: ['warning', 'ForAllValues on a single-valued key: true when the key is absent'],
  MISSING_QUALIFIER: ['error', 'A multivalued key without ForAllValues or ForAnyValue'],
  NULL_WITH_QUALIFIER: ['information', 'ForAllValues or ForAnyValue with Null'],
  INVALID_VARIABLE_FOR_OPERATOR: ['error', 'A policy variable under an operator that takes none'],
  MISSING_BRACE_IN_VARIABLE: ['error', 'A policy variable without its closing brace'],
  EMPTY_VARIABLE: ['error', 'An empty policy variable ${}'],
  UNSUPPORTED_SPACE_IN_VARIABLE: ['error', 'A space inside a policy variable'],
  VARIABLE_UNSUPPORTED_IN_ELEMENT: ['error', 'A policy variable in an element that takes none'],
  DEPRECATED_GLOBAL_CONDITION_KEY: ['warning', 'A deprecated global condition key'],
  PRIVATE_IP_ADDRESS: ['error', 'aws:SourceIp with a private range: it never matches'],
  IMPROVE_IP_RANGE: ['information', 'A CIDR range with host bits set'],
  // G. Security findings
  PASS_ROLE_WITH_STAR_IN_RESOURCE: ['warning', 'iam:PassRole on every role'],
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: ['warning', 'An action wildcard that includes iam:PassRole, on every role'],
  PASS_ROLE_WITH_NOT_ACTION_AND_STAR_IN_RESOURCE: ['warning', 'NotAction that leaves iam:PassRole allowed, on every role'],
  PASS_ROLE_WITH_STAR_IN_NOT_RESOURCE: ['warning', 'iam:PassRole with NotResource: on all roles but a few'],
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: ['warning', 'An action wildcard that includes iam:PassRole, with NotResource'],
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: ['warning', 'NotAction that leaves iam:PassRole allowed, with NotResource'],
  CREATE_SLR_WITH_STAR_IN_RESOURCE: ['warning', 'iam:CreateServiceLinkedRole for every service'],
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: ['warning', 'An action wildcard that includes iam:CreateServiceLinkedRole, on every resource'],
  CREATE_SLR_WITH_NOT_ACTION_AND_STAR_RESOURCE: ['warning', 'NotAction that leaves iam:CreateServiceLinkedRole allowed, on every resource'],
  CREATE_SLR_WITH_STAR_IN_NOT_RESOURCE: ['warning', 'iam:CreateServiceLinkedRole with NotResource'],
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: ['warning', 'An action wildcard that includes iam:CreateServiceLinkedRole, with NotResource'],
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: ['warning', 'NotAction that leaves iam:CreateServiceLinkedRole allowed, with NotResource'],
  FULL_ADMIN_ACCESS: ['warning', 'Allow of every action on every resource'],
  ALLOW_WITH_NOTACTION: ['warning', 'Allow with NotAction: it grants every action but a list'],
  ALLOW_WITH_NOTRESOURCE: ['warning', 'Allow with NotResource: it grants on every resource but a list'],
  TRUST_ANY_PRINCIPAL: ['warning', 'A trust policy that lets anyone assume the role'],
  DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: ['warning', 'A Deny whose tag condition the service does not support: it denies nothing'],
  ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: ['information', 'An Allow whose tag condition the service does not support'],
  PRIVILEGE_ESCALATION: ['information', 'Actions that together let the holder raise their own privileges, on every resource'],
  // H. Size quotas
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: ['warning', 'The policy is larger than IAM allows for its kind'],
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: ['warning', 'The trust policy is larger than the role trust policy quota'],
  POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: ['warning', 'The resource policy is larger than its service allows'],
  // I. IRSA and Pod Identity trust policies
  MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: [
    'warning',
    'A trusted OIDC provider (other than EKS) with no condition on the token subject: anyone it issues tokens to can assume the role',
  ],
  IRSA_MISSING_SUB: ['warning', 'An EKS OIDC trust without a :sub condition: every ServiceAccount of the cluster can assume the role'],
  IRSA_MISSING_AUD: ['information', 'An EKS OIDC trust without an :aud condition'],
  IRSA_AUD_VALUE: ['error', 'An :aud value that is a misspelling of the EKS token audience sts.amazonaws.com'],
  IRSA_SUB_FORMAT: ['error', 'A :sub value that is not system:serviceaccount:<namespace>:<name> with valid Kubernetes names'],
  IRSA_WILDCARD_IN_STRINGEQUALS: ['error', 'A * or ? in an EKS :sub value under StringEquals: it matches no ServiceAccount'],
  IRSA_BROAD_SUB_PATTERN: ['warning', 'A StringLike :sub pattern that matches every ServiceAccount of a namespace or of the cluster'],
  IRSA_PROVIDER_MISMATCH: ['error', "A condition key whose provider is not the statement's Federated OIDC provider"],
  IRSA_PROVIDER_FORMAT: ['error', 'An EKS OIDC provider that is not oidc.eks.<region>.<partition suffix>/id/<ID>, or does not fit the ARN partition'],
  IRSA_MULTI_PROVIDER_STATEMENT: ['error', "One statement with conditions on two providers' claims: no token has both"],
  IRSA_STRINGLIKE_WITHOUT_WILDCARD: ['information', 'StringLike on an EKS :sub without a wildcard: StringEquals says the same'],
  IRSA_FORALLVALUES_SUB: ['warning', 'ForAllValues or ForAnyValue on an EKS :sub, which holds a single value'],
  PODID_MISSING_TAGSESSION: ['error', 'A Pod Identity trust that does not allow both sts:AssumeRole and sts:TagSession'],
  PODID_UNSCOPED: ['information', 'A Pod Identity trust with no condition on the cluster, namespace, ServiceAccount or source account'],
  // J. Kubernetes manifests
  K8S_YAML_SYNTAX: ['error', 'The Kubernetes manifest is not valid YAML'],
  K8S_SA_NAME: ['error', 'A ServiceAccount name that is missing or not a DNS-1123 subdomain'],
  K8S_NAMESPACE_NAME: ['error', 'A namespace that is not a DNS-1123 label'],
  K8S_ANNOTATION_NOT_STRING: ['error', 'An annotation value that YAML reads as a boolean, number or null: annotations are strings'],
  IRSA_ANNOTATION_KEY_TYPO: ['error', 'A misspelled pod identity webhook annotation key'],
  IRSA_ROLE_ARN_FORMAT: ['error', 'An eks.amazonaws.com/role-arn value that is not an IAM role ARN'],
  IRSA_TOKEN_EXPIRATION: ['warning', 'An eks.amazonaws.com/token-expiration that is not whole seconds between 600 and 86400'],
  IRSA_STS_REGIONAL_ENDPOINTS: ['warning', 'An eks.amazonaws.com/sts-regional-endpoints value that is not a boolean'],
  IRSA_PRESET_ENV: ['warning', 'A container sets AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE itself, so the webhook leaves it alone'],
  // K. Cross-file (workspace) checks
  LINK_ROLE_NOT_FOUND: ['information', 'The annotated role is defined nowhere in the workspace'],
  LINK_TRUST_DOES_NOT_ADMIT_SA: ['error', "The role's trust policy admits no system:serviceaccount:<namespace>:<name> matching this ServiceAccount"],
  LINK_TRUST_NOT_WEB_IDENTITY: ['error', "The annotated role's trust has no sts:AssumeRoleWithWebIdentity statement"],
  LINK_ACCOUNT_MISMATCH: ['error', "The ARN's account differs from the account of the role's definition or OIDC provider"],
  LINK_ROLE_PATH_MISMATCH: ['error', "The ARN omits or alters the role's path"],
  LINK_AUDIENCE_MISMATCH: ['error', "The ServiceAccount's token audience differs from the trust's :aud"],
  LINK_SUB_WITHOUT_SA: ['information', 'A trust :sub names a ServiceAccount that no manifest in the workspace defines'],
  LINK_PROVIDER_NOT_CLUSTER: ['warning', "The trust's OIDC provider is none of the OIDC providers the workspace declares"],
  LINK_WORKLOAD_SA_MISSING: ['warning', 'A workload names a serviceAccountName that no manifest in its namespace defines'],
  // L. Access assertions (iam-irsa.access.yaml)
  ACCESS_FILE_INVALID: ['error', 'An access assertions file that is not a list of valid expectations, or names an action the catalogue does not have'],
  ACCESS_EXPECTATION_FAILED: ['error', "An access expectation the workspace's policies break: a can that is not allowed, a cannot that is or may be"],
  ACCESS_EXPECTATION_NO_MATCH: ['error', 'An access expectation whose serviceAccount matches no ServiceAccount of the workspace'],
  ACCESS_EXPECTATION_UNPROVEN: ['warning', 'A cannot expectation the files cannot prove: no role, a role or a policy not in the workspace'],
});

export type CheckCode = keyof typeof CHECKS;

export function isCheckCode(code: string): code is CheckCode {
  return Object.prototype.hasOwnProperty.call(CHECKS, code);
}
