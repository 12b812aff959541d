import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv, { ValidateFunction } from 'ajv';
import { getLanguageService, JSONSchema, LanguageService, TextDocument } from 'vscode-json-languageservice';
import { POLICY_KINDS } from '../../server/src/service';
import { OPERATORS } from '../../server/src/service/catalog/operators';
import { POLICY_ELEMENTS, STATEMENT_ELEMENTS } from '../../server/src/service/parse/policy';
import { managedPolicies } from '../support/corpus';
import { REPO_ROOT } from '../support/lspClient';

const SCHEMAS = path.join(REPO_ROOT, 'schemas');
type Schema = Record<string, unknown> & { properties: Record<string, unknown>; definitions: Record<string, Record<string, unknown>> };

function readSchema(file: string): Schema {
  return JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as Schema;
}

interface Generator {
  buildSchemas(): Record<string, unknown>;
  serialize(schema: unknown): string;
  OPERATOR_NAMES: string[];
}

// The generator is an ES module beside the schemas; this test compiles to CommonJS.
const loadGenerator = () => import(pathToFileURL(path.join(SCHEMAS, 'generate.mjs')).href) as Promise<Generator>;

/** The keywords VS Code's JSON support and yaml-language-server read besides JSON Schema's own. */
const EDITOR_KEYWORDS = ['markdownDescription', 'defaultSnippets', 'allowComments', 'allowTrailingCommas'];

function strictValidator(kind: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true });
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv.compile(readSchema(`${kind}-policy.schema.json`));
}

function policy(...statements: unknown[]): unknown {
  return { Version: '2012-10-17', Statement: statements };
}

const IRSA_PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' };
const trust = {
  Effect: 'Allow',
  Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${IRSA_PROVIDER}` },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { [`${IRSA_PROVIDER}:sub`]: 'system:serviceaccount:team-a:app', [`${IRSA_PROVIDER}:aud`]: 'sts.amazonaws.com' } },
};
const bucket = {
  Sid: 'Read access for the partner',
  Effect: 'Allow',
  Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:root'] },
  Action: ['s3:GetObject'],
  Resource: 'arn:aws:s3:::example-bucket/*',
};

/** Policies each kind's strict schema accepts; each case is checked against the other kinds too where it says so. */
const VALID: Record<string, [string, unknown][]> = {
  identity: [
    ['one statement object, no Version', { Statement: allow }],
    ['NotAction and NotResource', policy({ Effect: 'Deny', NotAction: ['iam:*'], NotResource: '*' })],
    [
      'conditions of every value form',
      policy({
        ...allow,
        Sid: 'Tagged1',
        Condition: {
          StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] },
          NumericLessThan: { 's3:max-keys': 10 },
          Bool: { 'aws:SecureTransport': true },
          'ForAnyValue:StringLike': { 'aws:TagKeys': 'team*' },
          Null: { 'aws:ResourceTag/team': 'false' },
        },
      }),
    ],
    ['2008-10-17 and an Id', { Version: '2008-10-17', Id: 'x-1', Statement: [allow] }],
    ['empty containers, which iam-irsa reports as information only', policy({ Effect: 'Allow', Action: [], Resource: [], Condition: {} })],
  ],
  trust: [
    ['IRSA', policy(trust)],
    ['Pod Identity', policy({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] })],
    [
      'an account, with a Sid',
      policy({ Sid: 'CrossAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }),
    ],
    ['anyone', policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })],
  ],
  resource: [
    ['a bucket policy whose Sid has spaces', policy(bucket)],
    ['Deny with NotPrincipal', policy({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 's3:*', Resource: '*' })],
    [
      'a canonical user',
      policy({ ...bucket, Sid: 'Canonical', Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } }),
    ],
  ],
};

/** Policies each kind's strict schema rejects, with the instance path of the fault. */
const INVALID: Record<string, [string, unknown, string][]> = {
  identity: [
    ['Effect in lower case', policy({ ...allow, Effect: 'allow' }), '/Statement/0/Effect'],
    ['a Version typed by hand', { Version: '2012-10-18', Statement: [allow] }, '/Version'],
    ['no Effect', policy({ Action: '*', Resource: '*' }), '/Statement/0'],
    ['no Action', policy({ Effect: 'Allow', Resource: '*' }), '/Statement/0'],
    ['Action and NotAction', policy({ ...allow, NotAction: 's3:PutObject' }), '/Statement/0'],
    ['no Resource', policy({ Effect: 'Allow', Action: '*' }), '/Statement/0'],
    ['a Principal', policy({ ...allow, Principal: '*' }), '/Statement/0'],
    ['a NotPrincipal', policy({ ...allow, NotPrincipal: { AWS: '*' } }), '/Statement/0'],
    ['an unknown statement element', policy({ ...allow, Actions: 's3:PutObject' }), '/Statement/0'],
    ['an unknown policy element', { Version: '2012-10-17', Statment: [allow] }, ''],
    ['no Statement', { Version: '2012-10-17' }, ''],
    ['a Sid with a dash', policy({ ...allow, Sid: 'read-objects' }), '/Statement/0/Sid'],
    ['Action a number', policy({ ...allow, Action: 5 }), '/Statement/0/Action'],
    ['Statement a string', { Version: '2012-10-17', Statement: 'x' }, '/Statement'],
    [
      'a condition value object',
      policy({ ...allow, Condition: { StringEquals: { 'aws:PrincipalTag/team': { a: 1 } } } }),
      '/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team',
    ],
    [
      'condition values of mixed types',
      policy({ ...allow, Condition: { StringEquals: { 'aws:PrincipalTag/team': ['a', 1] } } }),
      '/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team',
    ],
    ['an operator block that is not an object', policy({ ...allow, Condition: { StringEquals: 'x' } }), '/Statement/0/Condition/StringEquals'],
  ],
  trust: [
    ['a Resource', policy({ ...trust, Resource: '*' }), '/Statement/0'],
    ['a NotResource', policy({ ...trust, NotResource: '*' }), '/Statement/0'],
    ['a NotPrincipal', policy({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: 'sts:AssumeRole' }), '/Statement/0'],
    ['no Principal', policy({ Effect: 'Allow', Action: 'sts:AssumeRole' }), '/Statement/0'],
    ['a principal type that does not exist', policy({ ...trust, Principal: { Aws: '111122223333' } }), '/Statement/0/Principal'],
    ['a principal that is a bare ARN', policy({ ...trust, Principal: 'arn:aws:iam::111122223333:root' }), '/Statement/0/Principal'],
    ['a principal that is a number', policy({ ...trust, Principal: { AWS: 111122223333 } }), '/Statement/0/Principal'],
    ['a Sid with a space', policy({ ...trust, Sid: 'Let pods in' }), '/Statement/0/Sid'],
  ],
  resource: [
    ['no Principal', policy(allow), '/Statement/0'],
    ['Principal and NotPrincipal', policy({ ...bucket, NotPrincipal: { AWS: '*' } }), '/Statement/0'],
    ['no Resource', policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }), '/Statement/0'],
    ['Effect Permit', policy({ ...bucket, Effect: 'Permit' }), '/Statement/0/Effect'],
  ],
};

describe('JSON Schemas: strict', () => {
  test('the files are what schemas/generate.mjs writes, one strict schema per policy kind', async () => {
    const { buildSchemas, serialize } = await loadGenerator();
    const built = buildSchemas();
    const onDisk = [...readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')), ...readdirSync(path.join(SCHEMAS, 'editor')).map((f) => `editor/${f}`)].sort();
    assert.deepEqual(onDisk, Object.keys(built).sort());
    for (const [file, schema] of Object.entries(built)) {
      assert.equal(readFileSync(path.join(SCHEMAS, file), 'utf8'), serialize(schema), `${file} is stale: run node schemas/generate.mjs`);
    }
    for (const kind of POLICY_KINDS) {
      assert.ok(built[`${kind}-policy.schema.json`], kind);
      assert.ok(built[`editor/${kind}-policy.schema.json`], kind);
    }
  });

  test('every schema is valid draft-07 with a title and a description', () => {
    for (const file of ['identity', 'trust', 'resource']
      .flatMap((k) => [`${k}-policy.schema.json`, `editor/${k}-policy.schema.json`])
      .concat('editor/policy.schema.json')) {
      const schema = readSchema(file);
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.ok(typeof schema.title === 'string' && typeof schema.description === 'string', file);
      // Editor variants carry no "type" on purpose (it would assert), which ajv's strictTypes dislikes.
      const ajv = new Ajv({ strict: true, strictRequired: false, strictTypes: !file.startsWith('editor/') });
      ajv.addVocabulary(EDITOR_KEYWORDS);
      assert.ok(ajv.validateSchema(schema), `${file}: ${ajv.errorsText()}`);
      ajv.compile(schema);
    }
  });

  test("elements and operators are the engine's", async () => {
    const statementKeys = (kind: string) => Object.keys(readSchema(`${kind}-policy.schema.json`).definitions.statement.properties as object).sort();
    const without = (...names: string[]) => STATEMENT_ELEMENTS.filter((e) => !names.includes(e)).sort();
    assert.deepEqual(statementKeys('resource'), [...STATEMENT_ELEMENTS].sort());
    assert.deepEqual(statementKeys('identity'), without('Principal', 'NotPrincipal'));
    assert.deepEqual(statementKeys('trust'), without('Resource', 'NotResource', 'NotPrincipal'));
    for (const kind of POLICY_KINDS) assert.deepEqual(Object.keys(readSchema(`${kind}-policy.schema.json`).properties).sort(), [...POLICY_ELEMENTS].sort());
    const { OPERATOR_NAMES } = await loadGenerator();
    assert.deepEqual(
      OPERATOR_NAMES,
      OPERATORS.map((o) => o.name),
    );
  });

  for (const kind of POLICY_KINDS) {
    test(`${kind} policies: good ones pass, each fault fails at its place`, () => {
      const validate = strictValidator(kind);
      for (const [name, document] of VALID[kind]) assert.ok(validate(document), `${name}: ${JSON.stringify(validate.errors)}`);
      for (const [name, document, at] of INVALID[kind]) {
        assert.equal(validate(document), false, name);
        assert.ok(
          validate.errors!.some((e) => e.instancePath === at),
          `${name}: expected an error at "${at}", got ${JSON.stringify(validate.errors!.map((e) => `${e.instancePath} ${e.message}`))}`,
        );
      }
    });
  }

  test('a trust policy fails the identity schema and the other way round; a resource policy fails both', () => {
    const identity = strictValidator('identity');
    const trustSchema = strictValidator('trust');
    assert.equal(identity(policy(trust)), false);
    assert.equal(trustSchema(policy(allow)), false);
    assert.equal(identity(policy(bucket)), false);
    assert.equal(trustSchema(policy(bucket)), false);
  });

  test('the working examples pass the schema of their kind', () => {
    const directory = path.join(REPO_ROOT, 'examples', 'working');
    const files = readdirSync(directory).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 4);
    for (const file of files) {
      const validate = strictValidator(file.startsWith('trust-') ? 'trust' : 'identity');
      assert.ok(validate(JSON.parse(readFileSync(path.join(directory, file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`);
    }
  });

  test('every AWS managed policy passes the identity schema', () => {
    const validate = strictValidator('identity');
    const policies = managedPolicies();
    assert.ok(policies.length > 1500, `${policies.length} policies`);
    const failures = policies.filter((p) => !validate(JSON.parse(p.text))).map((p) => p.name);
    assert.deepEqual(failures, []);
  });
});

/** The faults the iam-irsa server reports: under an editor schema VS Code must not report them again. */
const FAULTS: [string, string][] = [
  ['Effect in lower case', '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}'],
  ['an unknown element', '{"Version": "2012-10-17", "Statment": [], "Statement": [{"Effect": "Allow", "Actions": "s3:GetObject", "Resource": "*"}]}'],
  ['a Version typo', '{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'],
  ['a missing Effect', '{"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]}'],
  [
    'a Principal in an identity policy',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}',
  ],
  [
    'a Resource and a NotPrincipal in a trust policy',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"}]}',
  ],
  ['no Statement, no Principal', '{"Version": "2012-10-17"}'],
  [
    'wrong JSON types',
    '{"Version": 2012, "Statement": [{"Sid": 1, "Effect": true, "Action": 5, "Resource": {"a": 1}, "Principal": "arn:aws:iam::1:root", "Condition": {"StringEquals": {"k": [1, "a", {}]}}}]}',
  ],
  [
    'a Sid with a dash, Action with NotAction',
    '{"Version": "2012-10-17", "Statement": [{"Sid": "a-b", "Effect": "Allow", "Action": "*", "NotAction": "*", "Resource": "*"}]}',
  ],
  [
    'a principal type that does not exist',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Aws": "1"}, "Action": "sts:AssumeRole"}]}',
  ],
  [
    'an unknown condition operator',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqual": {"aws:x": "y"}}}]}',
  ],
  [
    'a comment and a trailing comma, which IAM rejects (JSON_SYNTAX_ERROR)',
    '{\n  // why\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",}],\n}',
  ],
];

const EDITOR_SCHEMAS = ['identity', 'trust', 'resource', ''].map((k) => `editor/${k ? `${k}-` : ''}policy.schema.json`);

/** VS Code's JSON language service with schemas associated by file name, as `contributes.jsonValidation` does. */
function jsonService(associations: { fileMatch: string[]; url: string }[]): LanguageService {
  const service = getLanguageService({});
  service.configure({
    validate: true,
    allowComments: false,
    schemas: associations.map((a) => ({
      uri: pathToFileURL(path.join(REPO_ROOT, a.url)).href,
      fileMatch: a.fileMatch,
      schema: readSchema(path.relative('schemas', a.url)) as JSONSchema,
    })),
  });
  return service;
}

function jsonDocument(text: string, name = 'policy.json'): TextDocument {
  return TextDocument.create(`file:///workspace/${name}`, 'json', 1, text);
}

/** As VS Code's JSON support validates a document of language `json`: comments and trailing commas are errors unless the schema allows them. */
async function schemaDiagnostics(service: LanguageService, document: TextDocument) {
  return service.doValidation(document, service.parseJSONDocument(document), { comments: 'error', trailingCommas: 'error' });
}

function messageText(message: string | { value: string }): string {
  return typeof message === 'string' ? message : message.value;
}

/**
 * What `contributes.jsonValidation` in package.json should say: the trust variant for trust-looking
 * names, the any-kind variant for other policy-looking names. Broad globs are safe because an editor
 * schema never reports a problem.
 */
const RECOMMENDED_JSON_VALIDATION = [
  { fileMatch: ['*trust*.json', '*assume-role*.json'], url: './schemas/editor/trust-policy.schema.json' },
  { fileMatch: ['*policy*.json', '!*trust*.json', '!*assume-role*.json'], url: './schemas/editor/policy.schema.json' },
];

describe("JSON Schemas: editor variants under VS Code's JSON language service", () => {
  test('assert nothing: no validation keyword anywhere', () => {
    const ASSERTIONS = new Set([
      'type',
      'enum',
      'const',
      'pattern',
      'required',
      'additionalProperties',
      'additionalItems',
      'propertyNames',
      'dependencies',
      'oneOf',
      'anyOf',
      'allOf',
      'not',
      'if',
      'then',
      'else',
      'minItems',
      'maxItems',
      'minLength',
      'maxLength',
      'minimum',
      'maximum',
      'minProperties',
      'maxProperties',
      'uniqueItems',
      'contains',
      'format',
      'multipleOf',
      'exclusiveMinimum',
      'exclusiveMaximum',
    ]);
    const visit = (node: unknown, where: string, file: string) => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${where}/${i}`, file));
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        // Under properties/patternProperties/definitions/examples/defaultSnippets the keys are names or data, not keywords.
        const names = ['properties', 'patternProperties', 'definitions'].includes(where.split('/').pop()!);
        if (!names && !where.includes('defaultSnippets') && !where.includes('examples')) assert.ok(!ASSERTIONS.has(key), `${file}: "${key}" at ${where}`);
        visit(value, `${where}/${key}`, file);
      }
    };
    for (const file of EDITOR_SCHEMAS) visit(readSchema(file), '', file);
  });

  test("policies with faults iam-irsa reports get no diagnostic from VS Code's JSON support", async () => {
    for (const url of EDITOR_SCHEMAS) {
      const service = jsonService([{ fileMatch: ['*.json'], url: `schemas/${url}` }]);
      for (const [name, text] of FAULTS) assert.deepEqual(await schemaDiagnostics(service, jsonDocument(text)), [], `${url}: ${name}`);
    }
    // The same service does report under a strict schema, so the empty lists above are not vacuous.
    const strict = jsonService([{ fileMatch: ['*.json'], url: 'schemas/identity-policy.schema.json' }]);
    const [lowerCase] = await schemaDiagnostics(strict, jsonDocument(FAULTS[0][1]));
    assert.match(messageText(lowerCase.message), /Value is not accepted/);
    const comments = await schemaDiagnostics(strict, jsonDocument(FAULTS[FAULTS.length - 1][1]));
    assert.ok(comments.some((d) => /Comments are not permitted/.test(messageText(d.message))));
  });

  test('completion after "Effect": offers Allow and Deny; statement keys follow the kind', async () => {
    for (const url of EDITOR_SCHEMAS) {
      const service = jsonService([{ fileMatch: ['*.json'], url: `schemas/${url}` }]);
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": }]}';
      const document = jsonDocument(text);
      const list = await service.doComplete(document, document.positionAt(text.indexOf('": }') + 3), service.parseJSONDocument(document));
      const labels = list!.items.map((i) => i.label);
      assert.ok(labels.includes('"Allow"') && labels.includes('"Deny"'), `${url}: ${labels.join(', ')}`);
    }
    const keysIn = async (url: string) => {
      const service = jsonService([{ fileMatch: ['*.json'], url }]);
      const text = '{"Version": "2012-10-17", "Statement": [{}]}';
      const document = jsonDocument(text);
      const list = await service.doComplete(document, document.positionAt(text.indexOf('{}') + 1), service.parseJSONDocument(document));
      return list!.items.map((i) => i.label);
    };
    const identity = await keysIn('schemas/editor/identity-policy.schema.json');
    assert.ok(
      ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'].every((k) => identity.includes(k)),
      identity.join(', '),
    );
    assert.ok(!identity.includes('Principal'));
    const trustKeys = await keysIn('schemas/editor/trust-policy.schema.json');
    assert.ok(trustKeys.includes('Principal') && !trustKeys.includes('Resource'), trustKeys.join(', '));
    assert.ok((await keysIn('schemas/editor/policy.schema.json')).includes('NotPrincipal'));
  });

  test('trust completion offers the sts actions and principal snippets; hover explains an element', async () => {
    const service = jsonService([{ fileMatch: ['*.json'], url: 'schemas/editor/trust-policy.schema.json' }]);
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": , "Action": }]}';
    const document = jsonDocument(text);
    const parsed = service.parseJSONDocument(document);
    const actions = (await service.doComplete(document, document.positionAt(text.indexOf('"Action": ') + 10), parsed))!.items.map((i) => i.label);
    assert.ok(actions.includes('"sts:AssumeRoleWithWebIdentity"') && actions.includes('"sts:TagSession"'), actions.join(', '));
    const principals = (await service.doComplete(document, document.positionAt(text.indexOf('"Principal": ') + 13), parsed))!.items.map((i) => i.label);
    assert.ok(principals.includes('An EKS cluster OIDC provider (IRSA)'), principals.join(', '));
    const hover = await service.doHover(document, document.positionAt(text.indexOf('Effect') + 2), parsed);
    assert.match(JSON.stringify(hover?.contents), /Allow or Deny, spelled exactly so/);
  });

  test('the recommended jsonValidation entries pick the trust variant, the any-kind variant, or none', async () => {
    const service = jsonService(RECOMMENDED_JSON_VALIDATION.map((a) => ({ ...a, url: a.url.slice(2) })));
    const schemaOf = (name: string) =>
      service
        .getLanguageStatus(jsonDocument('{}', name), service.parseJSONDocument(jsonDocument('{}', name)))
        .schemas.map((uri) => path.relative(REPO_ROOT, new URL(uri).pathname));
    assert.deepEqual(schemaOf('examples/working/trust-policy-dev-team-a.json'), ['schemas/editor/trust-policy.schema.json']);
    assert.deepEqual(schemaOf('roles/app-assume-role.json'), ['schemas/editor/trust-policy.schema.json']);
    assert.deepEqual(schemaOf('examples/working/dev-team-a-policy.json'), ['schemas/editor/policy.schema.json']);
    assert.deepEqual(schemaOf('iam/bucket-policy.json'), ['schemas/editor/policy.schema.json']);
    assert.deepEqual(schemaOf('package.json'), []);
    assert.deepEqual(schemaOf('tsconfig.json'), []);
  });

  test('jsonValidation in package.json, where present, contributes editor variants only', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const entry of (manifest.contributes?.jsonValidation ?? []) as { url: string }[]) {
      assert.match(entry.url, /^\.\/schemas\/editor\/[a-z-]+\.schema\.json$/, entry.url);
      readSchema(entry.url.slice('./schemas/'.length));
    }
  });
});
