// Writes the JSON Schemas of this folder from one description of the policy language:
//   <kind>-policy.schema.json         strict: asserts the grammar iam-irsa checks (for ajv,
//                                     yaml-language-server, CI, anyone without the language server)
//   editor/<kind>-policy.schema.json  annotations only: hover, completion and snippets for VS Code's
//                                     JSON support beside the iam-irsa server, which does the checking
// Run `node schemas/generate.mjs` after editing; test/unit/schemas.test.ts fails when the files are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessSchema } from './access.mjs';

const BASE_ID = 'https://raw.githubusercontent.com/iam-irsa/iam-irsa/main/schemas/';
const DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/';
const VERSIONS = ['2012-10-17', '2008-10-17'];
const SID_PATTERN = '^[A-Za-z0-9]*$';
const EXAMPLE_OIDC = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** What sets the kinds apart: which elements a statement must, may or must not have. */
const KINDS = {
  identity: {
    title: 'AWS IAM identity-based policy',
    description:
      'A policy attached to an IAM user, group or role, inline or managed: what that identity may do. It names no Principal, since the principal is whoever holds the policy.',
    principal: 'forbidden',
    resource: 'required',
    sidLettersAndDigits: true,
  },
  trust: {
    title: 'AWS IAM role trust policy',
    description:
      "A role's assume-role policy: who may assume the role (an account or role, an AWS service, an OIDC or SAML provider such as an EKS cluster's) and on which conditions. Its statements name a Principal and no Resource.",
    principal: 'required',
    resource: 'forbidden',
    sidLettersAndDigits: true,
  },
  resource: {
    title: 'AWS resource-based policy',
    description: 'A policy attached to a resource (S3 bucket, SQS queue, SNS topic, KMS key, Lambda function...): who may do what with it.',
    principal: 'required',
    resource: 'required',
    sidLettersAndDigits: false,
  },
};

/** The editor's extra variant for files whose name does not tell the kind: every element, no kind rule. */
const ANY_KIND = {
  title: 'AWS IAM policy',
  description:
    'An IAM policy of any kind: identity-based (attached to a user, group or role), a role trust policy, or a resource-based policy. iam-irsa infers the kind from the content.',
  principal: 'optional',
  resource: 'optional',
  sidLettersAndDigits: false,
};

/** The 27 base condition operators (the engine's table, server/src/service/catalog/operators.ts). */
const OPERATORS = [
  ['StringEquals', 'The key equals one of the values exactly, case included. No wildcards.'],
  ['StringNotEquals', 'The key equals none of the values (case-sensitive); also true when the key is absent.'],
  ['StringEqualsIgnoreCase', 'The key equals one of the values, ignoring case.'],
  ['StringNotEqualsIgnoreCase', 'The key equals none of the values, ignoring case; also true when the key is absent.'],
  ['StringLike', 'The key matches one of the patterns, case-sensitive: * matches any run of characters, ? one character.'],
  ['StringNotLike', 'The key matches none of the patterns (* and ? are wildcards); also true when the key is absent.'],
  ['NumericEquals', 'The key is a number equal to one of the values.'],
  ['NumericNotEquals', 'The key is a number equal to none of the values.'],
  ['NumericLessThan', 'The key is a number less than the value.'],
  ['NumericLessThanEquals', 'The key is a number less than or equal to the value.'],
  ['NumericGreaterThan', 'The key is a number greater than the value.'],
  ['NumericGreaterThanEquals', 'The key is a number greater than or equal to the value.'],
  ['DateEquals', 'The key is a date equal to the value (ISO 8601, or seconds since the epoch).'],
  ['DateNotEquals', 'The key is a date other than the value.'],
  ['DateLessThan', 'The key is a date before the value.'],
  ['DateLessThanEquals', 'The key is a date at or before the value.'],
  ['DateGreaterThan', 'The key is a date after the value.'],
  ['DateGreaterThanEquals', 'The key is a date at or after the value.'],
  ['Bool', 'The key is a boolean equal to the value: "true" or "false".'],
  ['BinaryEquals', 'The key equals the value byte for byte; the value is base64-encoded.'],
  ['IpAddress', 'The key is an IP address inside one of the CIDR ranges (203.0.113.0/24).'],
  ['NotIpAddress', 'The key is an IP address inside none of the CIDR ranges.'],
  ['ArnEquals', 'The key is an ARN matching one of the values field by field; * and ? are wildcards, as with ArnLike.'],
  ['ArnLike', 'The key is an ARN matching one of the patterns field by field; * and ? are wildcards.'],
  ['ArnNotEquals', 'The key is an ARN matching none of the values; also true when the key is absent.'],
  ['ArnNotLike', 'The key is an ARN matching none of the patterns; also true when the key is absent.'],
  ['Null', '"true": the key is absent from the request; "false": the key is present.'],
];

function link(page) {
  return `[AWS documentation](${DOCS}${page})`;
}

function annotated(description, page, extra = {}) {
  return { description, markdownDescription: page ? `${description}\n\n${link(page)}` : description, ...extra };
}

/** Every element's words, per kind where they differ. */
function elementText(kind) {
  const trust = kind === KINDS.trust;
  return {
    Version: annotated(
      'The policy language version. Use 2012-10-17; under 2008-10-17 (also the default when Version is missing) policy variables such as ${aws:username} are literal text.',
      'reference_policies_elements_version.html',
    ),
    Id: annotated(
      'An optional identifier for the policy, such as a UUID. Some services (SQS, SNS) use it; IAM ignores it.',
      'reference_policies_elements_id.html',
    ),
    Statement: annotated(
      'One statement, or an array of statements. Each says whether (Effect) who (Principal) may do what (Action) on what (Resource), and when (Condition).',
      'reference_policies_elements_statement.html',
    ),
    Sid: annotated(
      kind.sidLettersAndDigits
        ? 'A label for the statement, unique within the policy: letters A-Z, a-z and digits 0-9 only.'
        : 'A label for the statement, unique within the policy. Identity and trust policies take letters and digits only; some resource policies allow more.',
      'reference_policies_elements_sid.html',
    ),
    Effect: annotated('Allow or Deny, spelled exactly so. An explicit Deny wins over any Allow.', 'reference_policies_elements_effect.html'),
    Action: annotated(
      trust
        ? 'What the principal may do with the role: sts:AssumeRole (accounts, roles, services), sts:AssumeRoleWithWebIdentity (OIDC providers such as EKS IRSA), sts:AssumeRoleWithSAML, and sts:TagSession (needed by EKS Pod Identity).'
        : 'The actions the statement covers, as service:ActionName (s3:GetObject). * and ? are wildcards (s3:Get*); case does not matter.',
      'reference_policies_elements_action.html',
    ),
    NotAction: annotated(
      'Every action except these. With "Effect": "Allow" it grants everything not listed, including actions AWS adds later: prefer Action.',
      'reference_policies_elements_notaction.html',
    ),
    Resource: annotated(
      'The resources the actions apply to: ARNs (arn:aws:s3:::example-bucket/*), with * and ? as wildcards, or "*" for every resource. Not allowed in a trust policy, whose resource is the role itself.',
      'reference_policies_elements_resource.html',
    ),
    NotResource: annotated(
      'Every resource except these ARNs. With "Effect": "Allow" it grants on everything not listed: prefer Resource. Not allowed in a trust policy.',
      'reference_policies_elements_notresource.html',
    ),
    Principal: annotated(
      trust
        ? 'Who may assume the role: {"AWS": account or role ARN}, {"Service": "ec2.amazonaws.com"}, {"Federated": OIDC or SAML provider ARN}, or "*" for anyone (narrow it with a Condition).'
        : 'Who the statement applies to: "*" for anyone, or an object of AWS (accounts, roles, users), Service, Federated and CanonicalUser. Only in trust and resource-based policies, never in an identity policy.',
      'reference_policies_elements_principal.html',
    ),
    NotPrincipal: annotated(
      'Everyone except these principals. Only in resource-based policies, and only with "Effect": "Deny" in practice; not allowed in identity or trust policies.',
      'reference_policies_elements_notprincipal.html',
    ),
    Condition: annotated(
      'When the statement applies: condition operator -> condition key -> value or values. Every operator and key must match (AND); the values of one key are alternatives (OR).',
      'reference_policies_elements_condition.html',
    ),
  };
}

const STATEMENT = {
  title: 'Statement',
  ...annotated(
    'One rule of the policy: Effect, Action or NotAction, and as the kind requires Resource or NotResource, Principal or NotPrincipal, and an optional Sid and Condition.',
    'reference_policies_elements_statement.html',
  ),
};

const PRINCIPAL_TYPES = {
  AWS: annotated(
    'AWS accounts and IAM principals: an account ID (111122223333), an account root ARN (arn:aws:iam::111122223333:root), a role or user ARN, an STS assumed-role session ARN, or "*".',
    'reference_policies_elements_principal.html#principal-accounts',
    { examples: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/example-role'] },
  ),
  Service: annotated(
    'AWS service principals, as host names: ec2.amazonaws.com, lambda.amazonaws.com, pods.eks.amazonaws.com (EKS Pod Identity)...',
    'reference_policies_elements_principal.html#principal-services',
    {
      examples: ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'pods.eks.amazonaws.com'],
    },
  ),
  Federated: annotated(
    'Web identity or SAML federation: an IAM OIDC provider ARN (an EKS cluster for IRSA: arn:aws:iam::111122223333:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID), a SAML provider ARN, or cognito-identity.amazonaws.com, accounts.google.com, graph.facebook.com, www.amazon.com.',
    'reference_policies_elements_principal.html#principal-federated-web-identity',
    {
      examples: [
        `arn:aws:iam::111122223333:oidc-provider/${EXAMPLE_OIDC}`,
        'arn:aws:iam::111122223333:saml-provider/ExampleProvider',
        'cognito-identity.amazonaws.com',
      ],
    },
  ),
  CanonicalUser: annotated(
    'Amazon S3 canonical user IDs: 64 hexadecimal characters (S3 bucket policies only).',
    'reference_policies_elements_principal.html#principal-canonical-user',
  ),
};

const PRINCIPAL_SNIPPETS = [
  { label: 'An AWS account', body: { AWS: 'arn:aws:iam::${1:111122223333}:root' } },
  { label: 'An IAM role', body: { AWS: 'arn:aws:iam::${1:111122223333}:role/${2:example-role}' } },
  { label: 'An AWS service', body: { Service: '${1:ec2}.amazonaws.com' } },
  {
    label: 'An EKS cluster OIDC provider (IRSA)',
    body: { Federated: 'arn:aws:iam::${1:111122223333}:oidc-provider/oidc.eks.${2:us-east-1}.amazonaws.com/id/${3:EXAMPLED539D4633E53DE1B71EXAMPLE}' },
  },
];

const STATEMENT_SNIPPETS = {
  identity: [
    {
      label: 'Allow statement',
      body: { Sid: '${1:AllowExample}', Effect: 'Allow', Action: ['${2:s3:GetObject}'], Resource: ['${3:arn:aws:s3:::example-bucket/*}'] },
    },
    { label: 'Deny statement', body: { Sid: '${1:DenyExample}', Effect: 'Deny', Action: ['${2:s3:DeleteObject}'], Resource: ['${3:*}'] } },
  ],
  trust: [
    {
      label: 'IRSA: an EKS ServiceAccount assumes the role',
      body: {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::${1:111122223333}:oidc-provider/oidc.eks.${2:us-east-1}.amazonaws.com/id/${3:EXAMPLED539D4633E53DE1B71EXAMPLE}' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.${2:us-east-1}.amazonaws.com/id/${3:EXAMPLED539D4633E53DE1B71EXAMPLE}:sub': 'system:serviceaccount:${4:namespace}:${5:service-account}',
            'oidc.eks.${2:us-east-1}.amazonaws.com/id/${3:EXAMPLED539D4633E53DE1B71EXAMPLE}:aud': 'sts.amazonaws.com',
          },
        },
      },
    },
    {
      label: 'EKS Pod Identity',
      body: { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    },
    { label: 'An AWS service assumes the role', body: { Effect: 'Allow', Principal: { Service: '${1:ec2}.amazonaws.com' }, Action: 'sts:AssumeRole' } },
    {
      label: 'Another account assumes the role',
      body: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::${1:111122223333}:root' }, Action: 'sts:AssumeRole' },
    },
  ],
  resource: [
    {
      label: 'Allow another account',
      body: {
        Sid: '${1:AllowAccount}',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::${2:111122223333}:root' },
        Action: ['${3:s3:GetObject}'],
        Resource: ['${4:arn:aws:s3:::example-bucket/*}'],
      },
    },
  ],
};
STATEMENT_SNIPPETS.any = [...STATEMENT_SNIPPETS.identity, ...STATEMENT_SNIPPETS.trust, ...STATEMENT_SNIPPETS.resource];

const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'];

function conditionOperators() {
  const operators = {};
  for (const [name, description] of OPERATORS) {
    operators[name] = description;
    if (name !== 'Null') operators[`${name}IfExists`] = `${description} If the key is absent from the request, the condition holds.`;
  }
  return operators;
}

const QUALIFIERS = {
  '^ForAllValues:':
    'Set operator for multivalued keys (aws:TagKeys...): every value in the request must match one of the values. Also true when the key is absent or empty.',
  '^ForAnyValue:': 'Set operator for multivalued keys (aws:TagKeys...): at least one value in the request must match one of the values.',
};

/** The condition value forms: one scalar, or an array of scalars of one JSON type. */
const CONDITION_VALUE = {
  description: 'A value, or an array of values of one type (alternatives: any one may match).',
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: { type: 'string' } },
    { type: 'array', items: { type: 'number' } },
    { type: 'array', items: { type: 'boolean' } },
  ],
};

// ---- strict ----

function strictSchema(name, kind) {
  const text = elementText(kind);
  const stringOrStrings = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  const statementProperties = {
    Sid: { ...text.Sid, type: 'string', ...(kind.sidLettersAndDigits ? { pattern: SID_PATTERN } : {}) },
    Effect: { ...text.Effect, type: 'string', enum: ['Allow', 'Deny'] },
    Action: { ...text.Action, $ref: '#/definitions/stringOrStrings' },
    NotAction: { ...text.NotAction, $ref: '#/definitions/stringOrStrings' },
  };
  if (kind.resource !== 'forbidden') {
    statementProperties.Resource = { ...text.Resource, $ref: '#/definitions/stringOrStrings' };
    statementProperties.NotResource = { ...text.NotResource, $ref: '#/definitions/stringOrStrings' };
  }
  if (kind.principal !== 'forbidden') statementProperties.Principal = { ...text.Principal, $ref: '#/definitions/principal' };
  if (kind.principal !== 'forbidden' && kind !== KINDS.trust) statementProperties.NotPrincipal = { ...text.NotPrincipal, $ref: '#/definitions/principal' };
  statementProperties.Condition = { ...text.Condition, $ref: '#/definitions/condition' };

  const exactlyOne = (a, b) => ({ oneOf: [{ required: [a] }, { required: [b] }] });
  const rules = [exactlyOne('Action', 'NotAction')];
  if (kind.resource === 'required') rules.push(exactlyOne('Resource', 'NotResource'));
  if (kind === KINDS.resource) rules.push(exactlyOne('Principal', 'NotPrincipal'));

  const operatorBlock = { type: 'object', additionalProperties: { $ref: '#/definitions/conditionValue' } };
  const definitions = {
    statement: {
      ...STATEMENT,
      type: 'object',
      properties: statementProperties,
      additionalProperties: false,
      required: kind === KINDS.trust ? ['Effect', 'Principal'] : ['Effect'],
      allOf: rules,
    },
    stringOrStrings,
    principal: {
      anyOf: [
        { const: '*', description: 'Anyone, including anonymous callers: narrow it with a Condition.' },
        {
          type: 'object',
          properties: Object.fromEntries(Object.entries(PRINCIPAL_TYPES).map(([key, value]) => [key, { ...value, $ref: '#/definitions/stringOrStrings' }])),
          additionalProperties: false,
        },
      ],
    },
    condition: {
      type: 'object',
      properties: Object.fromEntries(Object.entries(conditionOperators()).map(([op, description]) => [op, { description, ...operatorBlock }])),
      patternProperties: Object.fromEntries(Object.entries(QUALIFIERS).map(([pattern, description]) => [pattern, { description, ...operatorBlock }])),
      additionalProperties: operatorBlock,
    },
    conditionValue: CONDITION_VALUE,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: BASE_ID + name,
    title: kind.title,
    description: `${kind.description} Strict: asserts the grammar iam-irsa checks (element names and types, Effect and Version values, required elements).`,
    type: 'object',
    properties: {
      Version: { ...text.Version, type: 'string', enum: VERSIONS },
      Id: { ...text.Id, type: 'string' },
      Statement: { ...text.Statement, anyOf: [{ $ref: '#/definitions/statement' }, { type: 'array', items: { $ref: '#/definitions/statement' } }] },
    },
    additionalProperties: false,
    required: ['Statement'],
    definitions,
  };
}

// ---- editor ----

/**
 * Annotations only: no type, enum, const, pattern, required, additionalProperties, oneOf... so that
 * VS Code's JSON validation never repeats a diagnostic of the iam-irsa server. Completion comes from
 * `examples` and `defaultSnippets`, hover from `description`/`markdownDescription`.
 */
function editorSchema(name, kind, kindName) {
  const text = elementText(kind);
  const stringOrStrings = (examples) => (examples ? { examples, items: { examples } } : {});
  const statementProperties = {
    Sid: { ...text.Sid, defaultSnippets: [{ body: '${1:StatementId}' }] },
    Effect: { ...text.Effect, examples: ['Allow', 'Deny'] },
    Action: { ...text.Action, ...stringOrStrings(kind === KINDS.trust ? TRUST_ACTIONS : undefined) },
    NotAction: { ...text.NotAction },
  };
  if (kind.resource !== 'forbidden') {
    statementProperties.Resource = { ...text.Resource, ...stringOrStrings(['*']) };
    statementProperties.NotResource = { ...text.NotResource };
  }
  if (kind.principal !== 'forbidden') statementProperties.Principal = { ...text.Principal, $ref: '#/definitions/principal' };
  if (kind.principal !== 'forbidden' && kind !== KINDS.trust) statementProperties.NotPrincipal = { ...text.NotPrincipal, $ref: '#/definitions/principal' };
  statementProperties.Condition = { ...text.Condition, $ref: '#/definitions/condition' };

  const statement = { ...STATEMENT, properties: statementProperties };
  const snippets = STATEMENT_SNIPPETS[kindName];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: BASE_ID + name,
    $comment:
      'Editor variant: descriptions, completion values and snippets only. It asserts nothing, because the iam-irsa language server reports every fault with its own code and range; a contributed schema that asserted too would show each fault twice. The strict schemas are one folder up.',
    title: kind.title,
    description: kind.description,
    // iam-irsa reports comments and trailing commas itself (JSON_SYNTAX_ERROR, as IAM rejects them).
    allowComments: true,
    allowTrailingCommas: true,
    defaultSnippets: [{ label: `New ${kind.title}`, body: { Version: '2012-10-17', Statement: [snippets[0].body] } }],
    properties: {
      Version: { ...text.Version, examples: ['2012-10-17'] },
      Id: { ...text.Id },
      Statement: {
        ...text.Statement,
        properties: statementProperties,
        items: { $ref: '#/definitions/statement' },
        defaultSnippets: [{ label: 'Array of statements', body: [snippets[0].body] }],
      },
    },
    definitions: {
      statement: { ...statement, defaultSnippets: snippets },
      principal: {
        examples: ['*'],
        properties: Object.fromEntries(
          Object.entries(PRINCIPAL_TYPES).map(([key, value]) => [key, value.examples ? { ...value, items: { examples: value.examples } } : value]),
        ),
        defaultSnippets: PRINCIPAL_SNIPPETS,
      },
      condition: {
        properties: Object.fromEntries(
          Object.entries(conditionOperators()).map(([op, description]) => [
            op,
            { description, defaultSnippets: [{ body: { '${1:aws:PrincipalTag/team}': '${2:value}' } }] },
          ]),
        ),
        patternProperties: Object.fromEntries(Object.entries(QUALIFIERS).map(([pattern, description]) => [pattern, { description }])),
        defaultSnippets: [{ label: 'StringEquals', body: { StringEquals: { '${1:aws:PrincipalTag/team}': '${2:value}' } } }],
      },
    },
  };
}

/** Every schema file of this folder, path relative to it → content. */
export function buildSchemas() {
  const files = {};
  for (const [kindName, kind] of Object.entries(KINDS)) {
    files[`${kindName}-policy.schema.json`] = strictSchema(`${kindName}-policy.schema.json`, kind);
    files[`editor/${kindName}-policy.schema.json`] = editorSchema(`editor/${kindName}-policy.schema.json`, kind, kindName);
  }
  files['editor/policy.schema.json'] = editorSchema('editor/policy.schema.json', ANY_KIND, 'any');
  files['access.schema.json'] = accessSchema(`${BASE_ID}access.schema.json`);
  return files;
}

/** The bytes each file should have: two-space JSON and a final newline. */
export function serialize(schema) {
  return JSON.stringify(schema, null, 2) + '\n';
}

export const OPERATOR_NAMES = OPERATORS.map(([name]) => name);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const [file, schema] of Object.entries(buildSchemas())) {
    mkdirSync(dirname(join(here, file)), { recursive: true });
    writeFileSync(join(here, file), serialize(schema));
  }
}
