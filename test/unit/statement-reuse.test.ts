import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { parseJson } from '../../server/src/service/parse/json';
import { policySize, tokenSize } from '../../server/src/service/checks/quotas';
import { service } from '../support/service';

// A statement whose text did not change keeps its findings from one version to the next (checks/statementReuse.ts):
// what the user sees after each edit must be exactly what a service that never saw the earlier version says.

const URI = 'file:///w/reuse.json';

const statement = (sid: string, action: string, resource = 'arn:aws:s3:::bucket/*') =>
  `    {"Sid": "${sid}", "Effect": "Allow", "Action": "${action}", "Resource": "${resource}"}`;
const policy = (version: string, ...statements: string[]) => `{\n  "Version": "${version}",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`;

interface Seen {
  readonly code: string;
  readonly line: number;
  readonly character: number;
  readonly message: string;
}

const seen = (diagnostics: Diagnostic[]): Seen[] =>
  diagnostics.map((d) => ({ code: String(d.code), line: d.range.start.line, character: d.range.start.character, message: String(d.message) }));

/** Validates each text in turn as versions of one document, and each also in a service that never saw the others. */
async function versions(...texts: string[]): Promise<Seen[][]> {
  const editor = await service();
  const results: Seen[][] = [];
  for (const [i, text] of texts.entries()) {
    const document = TextDocument.create(URI, 'json', i + 1, text);
    const diagnostics = editor.validate(document);
    const fresh = (await service()).validate(document);
    assert.deepEqual(seen(diagnostics), seen(fresh), `version ${i + 1} as a fresh service sees it`);
    assert.deepEqual(diagnostics, fresh, `version ${i + 1}: the diagnostics' data and related places too`);
    results.push(seen(diagnostics));
  }
  return results;
}

test('typing in one statement: the others keep their findings where they are, the edited one is checked again', async () => {
  const before = policy('2012-10-17', statement('One', 's3:GetObjekt'), statement('Two', 's3:GetObject'), statement('Three', 's3:PutObjekt'));
  const after = before.replace('"Two", "Effect": "Allow", "Action": "s3:GetObject"', '"Two", "Effect": "Allow", "Action": "s3:GetObjec"');
  const [first, second] = await versions(before, after);
  assert.deepEqual(
    first.filter((d) => d.code === 'INVALID_ACTION').map((d) => d.line),
    [3, 5],
  );
  assert.deepEqual(
    second.filter((d) => d.code === 'INVALID_ACTION').map((d) => d.line),
    [3, 4, 5],
  );
  // The later statement's finding is where its text is, kept from the first version.
  const three = (s: Seen[]) => s.find((d) => d.code === 'INVALID_ACTION' && d.line === 5)!;
  assert.deepEqual(three(second), three(first));
});

test('a statement inserted before the others: their findings follow them to their new lines', async () => {
  const a = statement('A', 's3:GetObjekt');
  const b = statement('B', 's3:ListBuckets');
  const [first, second] = await versions(policy('2012-10-17', a, b), policy('2012-10-17', statement('New', 's3:GetObject'), a, b));
  assert.deepEqual(
    first.filter((d) => d.code === 'INVALID_ACTION').map((d) => d.line),
    [3, 4],
  );
  assert.deepEqual(
    second.filter((d) => d.code === 'INVALID_ACTION').map((d) => d.line),
    [4, 5],
  );
});

test("the policy's Version changes what its statements' variables mean: their findings are not kept across it", async () => {
  const s = statement('Own', 's3:GetObject', 'arn:aws:s3:::bucket/${aws:username}/*');
  const [current, legacy, none] = await versions(policy('2012-10-17', s), policy('2008-10-17', s), `{"Statement": [${s}]}`);
  assert.equal(current.filter((d) => d.code === 'VARIABLE_UNSUPPORTED_IN_VERSION').length, 0);
  assert.match(legacy.find((d) => d.code === 'VARIABLE_UNSUPPORTED_IN_VERSION')!.message, /has another Version/);
  assert.match(none.find((d) => d.code === 'VARIABLE_UNSUPPORTED_IN_VERSION')!.message, /has no Version/);
});

test('a trust statement being typed is not judged for what it lacks; once it parses, it is', async () => {
  const trust = (tail: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789"}, "Action": "sts:AssumeRoleWithWebIdentity"${tail}`;
  const [typing, done] = await versions(trust(', "Condition": {"StringEquals": {'), trust('}]}'));
  assert.equal(typing.filter((d) => d.code.startsWith('IRSA_MISSING')).length, 0);
  assert.ok(
    done.some((d) => d.code.startsWith('IRSA_MISSING')),
    JSON.stringify(done),
  );
});

test("the quota's count read from the tree is the count of the text's characters, white space aside", () => {
  const texts = [
    policy('2012-10-17', statement('A', 's3:GetObject'), statement('B', 's3:Put*', 'arn:aws:s3:::a b/\\"quoted\\" \\\\ tab')),
    '{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":[],"Resource":["*",  "x"],"Condition":{"Bool":{"aws:SecureTransport":false}}}}',
    '\n\n  { "Statement" : [ { } , [ 1 , 2.5e3 , null , true ] ] }  \n',
  ];
  for (const text of texts) {
    const { root, errors } = parseJson(text);
    assert.deepEqual(errors, []);
    assert.equal(tokenSize(root!), policySize(text), text);
  }
});

test('privilege escalation across statements: what each statement grants is kept with it, the range follows the text', async () => {
  const passRole = statement('Pass', 'iam:PassRole', '*');
  const run = statement('Run', 'ec2:RunInstances', '*');
  const first = policy('2012-10-17', statement('Read', 's3:GetObject'), passRole, run);
  // Typing in the first statement moves the other two; scoping the second's Resource ends the path; back again.
  const moved = first.replace('"Read"', '"ReadAll"');
  const scoped = moved.replace('"Action": "iam:PassRole", "Resource": "*"', '"Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"');
  const conditioned = moved.replace(
    '"Action": "ec2:RunInstances", "Resource": "*"}',
    '"Action": "ec2:RunInstances", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}',
  );
  const results = await versions(first, moved, scoped, moved, conditioned, moved);
  const escalation = (s: Seen[]) => s.filter((d) => d.code === 'PRIVILEGE_ESCALATION').map((d) => `${d.line}:${d.character}`);
  assert.deepEqual(results.map(escalation), [['4:50'], ['4:50'], [], ['4:50'], [], ['4:50']]);
  assert.match(results[1].find((d) => d.code === 'PRIVILEGE_ESCALATION')!.message, /iam:PassRole \+ ec2:RunInstances/);
});
