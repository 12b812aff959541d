import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { ACCOUNT, EXAMPLES, policy, PROVIDER, serviceAccount, trustDocument, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

/** Fixture text with the cursor marked `|`: the text without the mark, and the mark's offset. */
function cursor(source: string): { text: string; offset: number } {
  const offset = source.indexOf('|');
  assert.ok(offset >= 0, 'no | in the fixture');
  return { text: source.slice(0, offset) + source.slice(offset + 1), offset };
}

function touches(range: Range, line: number, character: number): boolean {
  const after = (l: number, c: number) => line > l || (line === l && character >= c);
  const before = (l: number, c: number) => line < l || (line === l && character <= c);
  return after(range.start.line, range.start.character) && before(range.end.line, range.end.character);
}

/** The workspace file a URI of the test workspace names. */
function fileOf(ws: TestWorkspace, uri: string): string {
  return decodeURIComponent(new URL(uri).pathname).slice(ws.root.length + 1);
}

/** A workspace whose file `file` holds a `|`; what the editor sends for the light bulb there. */
class Fixing {
  private constructor(
    readonly ws: TestWorkspace,
    readonly file: string,
    readonly offset: number,
  ) {}

  static async of(files: Record<string, string>, file: string): Promise<Fixing> {
    const { text, offset } = cursor(files[file]);
    const ws = await TestWorkspace.of({ ...files, [file]: text });
    return new Fixing(ws, file, offset);
  }

  text(file = this.file): string {
    return this.ws.document(file).getText();
  }

  /** The diagnostics under the cursor, as the editor sends them back. */
  diagnostics(): Diagnostic[] {
    const position = this.ws.document(this.file).positionAt(this.offset);
    return this.ws.validate(this.file).filter((d) => touches(d.range, position.line, position.character));
  }

  actions(only?: string[]): CodeAction[] {
    const document = this.ws.document(this.file);
    const position = document.positionAt(this.offset);
    return this.ws.service.getCodeActions(document, { start: position, end: position }, this.diagnostics(), only);
  }

  titles(code?: string): string[] {
    return this.actions()
      .filter((a) => code === undefined || a.diagnostics?.some((d) => d.code === code))
      .map((a) => a.title);
  }

  /** Applies the action titled `title` to every file it changes; returns the fixed text of this file. */
  apply(title: string): string {
    const action = this.actions().find((a) => a.title === title);
    assert.ok(action, `no action "${title}" among ${JSON.stringify(this.titles())}`);
    applyEdit(this.ws, action);
    return this.text();
  }

  codes(code: string, file = this.file): number {
    return this.ws.validate(file).filter((d) => d.code === code).length;
  }

  errors(file = this.file): string[] {
    return this.ws
      .validate(file)
      .filter((d) => d.severity === DiagnosticSeverity.Error)
      .map((d) => `${d.code}: ${d.message}`);
  }
}

function applyEdit(ws: TestWorkspace, action: CodeAction): void {
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const file = fileOf(ws, uri);
    ws.write(file, TextDocument.applyEdits(ws.document(file), edits));
  }
}

/** Applies `title` on the diagnostic `code` under the cursor: the fixed text, which no longer has it nor any error it did not have. */
async function fixed(files: Record<string, string>, file: string, code: string, title: string): Promise<{ text: string; fixing: Fixing }> {
  const fixing = await Fixing.of(files, file);
  assert.ok(fixing.diagnostics().some((d) => d.code === code), `no ${code} under the cursor: ${JSON.stringify(fixing.ws.validate(file).map((d) => d.code))}`);
  const before = fixing.errors().filter((e) => !e.startsWith(`${code}:`));
  const text = fixing.apply(title);
  assert.equal(fixing.codes(code), 0, `${code} still there after "${title}":\n${text}`);
  assert.deepEqual(fixing.errors().filter((e) => !before.includes(e)), [], `new errors after "${title}":\n${text}`);
  return { text, fixing };
}

const statement = (body: string) => `{
      "Effect": "Allow",
      ${body}
    }`;

describe('did-you-mean replacements', () => {
  test('an action: one fix per suggestion, the first preferred', async () => {
    const files = { 'p.json': policy(statement(`"Action": "s3:GetObj|ct",\n      "Resource": "*"`)) };
    const fixing = await Fixing.of(files, 'p.json');
    const actions = fixing.actions();
    assert.equal(actions[0].title, "Change to 's3:GetObject'");
    assert.equal(actions[0].isPreferred, true);
    assert.ok(actions.slice(1).every((a) => !a.isPreferred));
    const { text } = await fixed(files, 'p.json', 'INVALID_ACTION', "Change to 's3:GetObject'");
    assert.match(text, /"Action": "s3:GetObject",/);
  });
});

describe('did-you-mean replacements', () => {
  const cases: [string, string, string, RegExp][] = [
    ['a service prefix', `"Action": "s4:Get|Object",\n      "Resource": "*"`, "Change to 's3:GetObject'", /"Action": "s3:GetObject"/],
    ['a statement element', `"Actio|ns": "s3:GetObject",\n      "Resource": "*"`, "Change to 'Action'", /"Action": "s3:GetObject"/],
    [
      'a condition operator',
      `"Action": "s3:GetObject",\n      "Resource": "*",\n      "Condition": {"StringEqual|": {"aws:PrincipalAccount": "111122223333"}}`,
      "Change to 'StringEquals'",
      /"StringEquals": \{"aws:PrincipalAccount"/,
    ],
    [
      'a global condition key',
      `"Action": "s3:GetObject",\n      "Resource": "*",\n      "Condition": {"StringEquals": {"aws:PrincipalAcount|": "111122223333"}}`,
      "Change to 'aws:PrincipalAccount'",
      /\{"aws:PrincipalAccount": "111122223333"\}/,
    ],
  ];
  for (const [what, body, title, expected] of cases) {
    test(what, async () => {
      const files = { 'p.json': policy(statement(body)) };
      const fixing = await Fixing.of(files, 'p.json');
      const code = String(fixing.diagnostics()[0]?.code);
      const { text } = await fixed(files, 'p.json', code, title);
      assert.match(text, expected);
    });
  }

  test('canonical action case', async () => {
    const { text } = await fixed({ 'p.json': policy(statement(`"Action": "S3:get|object",\n      "Resource": "*"`)) }, 'p.json', 'NON_CANONICAL_ACTION_CASE', "Change to 's3:GetObject'");
    assert.match(text, /"Action": "s3:GetObject"/);
  });

  test('an annotation key of the webhook', async () => {
    const sa = serviceAccount().replace('eks.amazonaws.com/role-arn', 'eks.amazonaws.com/role_a|rn');
    const { text } = await fixed({ 'sa.yaml': sa }, 'sa.yaml', 'IRSA_ANNOTATION_KEY_TYPO', "Change to 'eks.amazonaws.com/role-arn'");
    assert.match(text, /\n    eks\.amazonaws\.com\/role-arn: arn:aws:iam::/);
  });

  test('a condition key no action sends: the same tag under a key the action sends (the broken finance policy)', async () => {
    const finance = readFileSync(path.join(EXAMPLES, 'broken', 'finance-policy.json'), 'utf8').replace('"aws:RequestTag', '"aws:Request|Tag');
    const fixing = await Fixing.of({ 'finance-policy.json': finance }, 'finance-policy.json');
    assert.deepEqual(fixing.titles('UNSUPPORTED_ACTION_FOR_CONDITION_KEY'), [
      "Change to 's3:ExistingObjectTag/Department'",
      "Change to 'aws:ResourceTag/Department'",
      "Change to 's3:AccessPointTag/Department'",
    ]);
    const { text } = await fixed({ 'finance-policy.json': finance }, 'finance-policy.json', 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY', "Change to 's3:ExistingObjectTag/Department'");
    assert.match(text, /"s3:ExistingObjectTag\/Department": \["Finance"\]/);
  });
});

describe('StringEquals and StringLike', () => {
  const trust = (operator: string, sub: string) => trustPolicy(sub, { operator }).replace(`"${operator}"`, `"${operator.slice(0, 6)}|${operator.slice(6)}"`);
  test('a wildcard under StringEquals: StringLike', async () => {
    const files = { 'trust.json': trust('StringEquals', 'system:serviceaccount:team-a:*').replace('|', '').replace('team-a:*', 'team-a:|*') };
    const { text } = await fixed(files, 'trust.json', 'IRSA_WILDCARD_IN_STRINGEQUALS', "Change to 'StringLike'");
    assert.match(text, /"StringLike": \{\n/);
  });
  test('StringLike without a wildcard: StringEquals', async () => {
    const files = { 'trust.json': trust('StringLike', 'system:serviceaccount:team-a:app').replace('|', '').replace('"oidc.eks', '"|oidc.eks') };
    const { text } = await fixed(files, 'trust.json', 'IRSA_STRINGLIKE_WITHOUT_WILDCARD', "Change to 'StringEquals'");
    assert.match(text, /"StringEquals": \{\n/);
  });
});

describe('adding "Version"', () => {
  const body = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  for (const [style, indent] of [
    ['two spaces', 2],
    ['four spaces', 4],
    ['tabs', '\t'],
  ] as const) {
    test(`as the first member, indented like its siblings (${style})`, async () => {
      const text = JSON.stringify(body, null, indent).replace('{', '{|');
      const { text: after } = await fixed({ 'p.json': text }, 'p.json', 'MISSING_VERSION', 'Add "Version": "2012-10-17"');
      assert.equal(after, JSON.stringify({ Version: '2012-10-17', ...body }, null, indent));
    });
  }
  test('a policy on one line stays on one line', async () => {
    const text = '{|"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
    const { text: after } = await fixed({ 'p.json': text }, 'p.json', 'MISSING_VERSION', 'Add "Version": "2012-10-17"');
    assert.equal(after, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  });
  test('CRLF line ends are kept', async () => {
    const text = JSON.stringify(body, null, 2).replace('{', '{|').replace(/\n/g, '\r\n');
    const { text: after } = await fixed({ 'p.json': text }, 'p.json', 'MISSING_VERSION', 'Add "Version": "2012-10-17"');
    assert.ok(after.startsWith('{\r\n  "Version": "2012-10-17",\r\n  "Statement"'), after);
  });
});

/** An AWS CLI script creating AppRole with trust.json as its trust policy: ServiceAccounts annotated with AppRole use that trust. */
const SCRIPT = '#!/bin/sh\naws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n';

/** A trust document (object) as the user wrote it, with the cursor on its Federated principal. */
function trustText(document: object): string {
  return JSON.stringify(document, null, 2).replace('"arn:aws:iam::', '"|arn:aws:iam::');
}

describe('IRSA conditions', () => {
  test(':aud goes beside :sub in the StringEquals block', async () => {
    const document = trustDocument();
    delete (document.Statement[0].Condition.StringEquals as Record<string, string>)[`${PROVIDER}:aud`];
    const { text } = await fixed({ 'trust.json': trustText(document) }, 'trust.json', 'IRSA_MISSING_AUD', 'Add the :aud condition ("sts.amazonaws.com")');
    assert.equal(text, trustText(trustDocument()).replace('|', ''));
  });

  test(':sub for a ServiceAccount of the workspace: those using the role first', async () => {
    const document: { Statement: Record<string, unknown>[] } = trustDocument();
    delete document.Statement[0].Condition;
    const files = {
      'trust.json': trustText(document),
      'create-roles.sh': SCRIPT,
      'a/other.yaml': serviceAccount({ name: 'other', namespace: 'team-b', arn: `arn:aws:iam::${ACCOUNT}:role/OtherRole` }),
      'sa.yaml': serviceAccount(),
    };
    const fixing = await Fixing.of(files, 'trust.json');
    assert.deepEqual(fixing.titles('IRSA_MISSING_SUB'), ['Add a :sub condition for team-a/app', 'Add a :sub condition for team-b/other']);
    const { text } = await fixed(files, 'trust.json', 'IRSA_MISSING_SUB', 'Add a :sub condition for team-a/app');
    assert.match(text, new RegExp(`"Action": "sts:AssumeRoleWithWebIdentity",\n      "Condition": \\{\n        "StringEquals": \\{\n          "${PROVIDER}:sub": "system:serviceaccount:team-a:app"\n        \\}\n      \\}\n    \\}`));
  });

  test('no ServiceAccount in the workspace: no :sub to offer', async () => {
    const document: { Statement: Record<string, unknown>[] } = trustDocument();
    delete document.Statement[0].Condition;
    const fixing = await Fixing.of({ 'trust.json': trustText(document) }, 'trust.json');
    assert.deepEqual(fixing.titles('IRSA_MISSING_SUB'), []);
    assert.deepEqual(fixing.titles('IRSA_MISSING_AUD'), ['Add the :aud condition ("sts.amazonaws.com")']);
  });
});

describe('Pod Identity: sts:TagSession', () => {
  const podTrust = (action: unknown) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: action }] }, null, 2).replace('"sts:AssumeRole"', '"sts:Assume|Role"');
  test('a single action becomes a list', async () => {
    const { text } = await fixed({ 'trust.json': podTrust('sts:AssumeRole') }, 'trust.json', 'PODID_MISSING_TAGSESSION', 'Add "sts:TagSession"');
    assert.match(text, /"Action": \["sts:AssumeRole", "sts:TagSession"\]/);
  });
  test('a list over lines gets a line', async () => {
    const { text } = await fixed({ 'trust.json': podTrust(['sts:AssumeRole']) }, 'trust.json', 'PODID_MISSING_TAGSESSION', 'Add "sts:TagSession"');
    assert.match(text, /"Action": \[\n        "sts:AssumeRole",\n        "sts:TagSession"\n      \]/);
  });
});
