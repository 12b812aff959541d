// The JSON Schema of access assertions files (iam-irsa.access.yaml, *.access.yaml): the format of
// server/src/service/parse/accessFile.ts, for yaml-language-server's completion and hover (the
// extension contributes it through yamlValidation) and for CI without iam-irsa. Written by generate.mjs.

const DOCS = 'https://github.com/iam-irsa/iam-irsa/blob/main/docs/access-assertions.md';
const NAME_PART = '[a-z0-9*?]([-a-z0-9.*?]*[a-z0-9*?])?';

const oneOrMany = (item, description) => ({
  description,
  anyOf: [item, { type: 'array', items: item, minItems: 1 }],
});

export function accessSchema(id) {
  const action = {
    type: 'string',
    pattern: '^(\\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$',
    examples: ['s3:GetObject', 'dynamodb:GetItem', 'iam:*', 'iam:PassRole'],
  };
  const resource = { type: 'string', pattern: '^(\\*|arn:.*)$', examples: ['*', 'arn:aws:s3:::example-bucket/*'] };
  const contextValue = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: id,
    title: 'iam-irsa access assertions',
    description: `Expectations about what the pods of Kubernetes ServiceAccounts can do in AWS, checked by iam-irsa lint against the workspace's IAM roles and policies (${DOCS}).`,
    type: 'array',
    items: {
      type: 'object',
      description: 'One expectation: serviceAccount, can or cannot, and optionally on and context.',
      additionalProperties: false,
      required: ['serviceAccount'],
      oneOf: [{ required: ['can'] }, { required: ['cannot'] }],
      properties: {
        serviceAccount: {
          type: 'string',
          description:
            'NAMESPACE/NAME of the ServiceAccount; * and ? are wildcards in either part (payments/* is every ServiceAccount of the namespace payments). Matching no ServiceAccount of the workspace is a finding.',
          pattern: `^${NAME_PART}/${NAME_PART}$`,
          examples: ['default/my-app', 'payments/*'],
        },
        can: oneOrMany(
          action,
          'Actions the pods must be allowed, with the context given: each action of the catalogue a pattern names (s3:Get*: all of them). An answer that depends on a condition key not given under context fails.',
        ),
        cannot: oneOrMany(
          action,
          'Actions the pods must not be allowed: no action a pattern names (iam:*) may be allowed, nor may be in some context, on the resource or on any resource the role grants inside it.',
        ),
        on: oneOrMany(resource, 'The resource ARNs (or *) the actions are asked on; default *.'),
        context: {
          type: 'object',
          description: 'Condition keys of the request (aws:SourceIp: 10.1.2.3); a list is a multivalued key. Keys not given are unknown.',
          additionalProperties: { anyOf: [contextValue, { type: 'array', items: contextValue }] },
        },
        description: { type: 'string', description: 'Why the expectation is there; not checked.' },
      },
    },
  };
}
