import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, languageIdOf } from '../../server/src/service';
import { ACCOUNT, serviceAccount, trustPolicy } from '../support/fixtures';
import { TestWorkspace } from '../support/workspace';

// An open document's diagnostics are kept with what they were computed from (its text and version, the
// workspace index's generation, the settings, the texts an access file read): a pull with none of those
// changed gets the same list object (the server then answers "unchanged"), any change a fresh one that
// equals what a service that never saw the document says.

const trust = (namespace: string, name: string) => trustPolicy(`system:serviceaccount:${namespace}:${name}`);
const SERVICE_ACCOUNT = serviceAccount({ name: 'api', namespace: 'shop', arn: `arn:aws:iam::${ACCOUNT}:role/ShopRole` });

const SCRIPT = 'aws iam create-role --role-name ShopRole --assume-role-policy-document file://trust.json\n';

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjec', Resource: '*' }] });

async function workspace(files: Record<string, string> = {}): Promise<TestWorkspace> {
  return TestWorkspace.of({ 'create-roles.sh': SCRIPT, 'trust.json': trust('shop', 'api'), 'sa.yaml': SERVICE_ACCOUNT, 'policy.json': POLICY, ...files });
}

/** Opens a file of the workspace as the editor does, with `text` (its own by default) at `version`. */
function open(ws: TestWorkspace, file: string, version = 1, text = ws.document(file).getText()): TextDocument {
  const document = TextDocument.create(ws.uri(file), languageIdOf(file)!, version, text);
  ws.service.open(document);
  return document;
}

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);

/** What a service that never saw the session says of `document`, the workspace's files as given. */
async function fresh(files: Record<string, string>, document: TextDocument, settings = {}): Promise<string[]> {
  const ws = await TestWorkspace.of(files, settings);
  ws.service.open(document);
  return codes(ws.service.validate(document));
}

describe('validation reports', () => {
  test('nothing changed: the same list object; an open document of another file changing nothing it sees keeps it too', async () => {
    const ws = await workspace();
    const policy = open(ws, 'policy.json');
    const first = ws.service.validate(policy);
    assert.deepEqual(codes(first), ['0:65 INVALID_ACTION']);
    assert.equal(ws.service.validate(policy), first);
    // The same text and version in a new document object (the editor's buffer re-created) is the same report.
    assert.equal(ws.service.validate(TextDocument.create(policy.uri, 'json', 1, policy.getText())), first);
    // A ServiceAccount edited, its facts unchanged (a comment): the index's generation did not move.
    const sa = open(ws, 'sa.yaml');
    ws.service.validate(sa);
    open(ws, 'sa.yaml', 2, `# the shop's API\n${SERVICE_ACCOUNT}`);
    assert.equal(ws.service.validate(policy), first);
  });

  test("a new version of the document's text: a fresh list, as a fresh service says", async () => {
    const ws = await workspace();
    const first = ws.service.validate(open(ws, 'policy.json'));
    const fixed = POLICY.replace('GetObjec', 'GetObject');
    const edited = open(ws, 'policy.json', 2, fixed);
    const second = ws.service.validate(edited);
    assert.notEqual(second, first);
    assert.deepEqual(codes(second), []);
    assert.deepEqual(codes(second), await fresh({ 'policy.json': fixed }, edited));
  });

  test('a change of the workspace index another file makes (its trust no longer admits the ServiceAccount): a fresh list', async () => {
    const ws = await workspace();
    const sa = open(ws, 'sa.yaml');
    const first = ws.service.validate(sa);
    assert.deepEqual(codes(first), []);
    ws.write('trust.json', trust('shop', 'worker'));
    const second = ws.service.validate(sa);
    assert.notEqual(second, first);
    assert.deepEqual(codes(second), ['6:32 LINK_TRUST_DOES_NOT_ADMIT_SA']);
    assert.deepEqual(codes(second), await fresh({ 'create-roles.sh': SCRIPT, 'trust.json': trust('shop', 'worker'), 'sa.yaml': SERVICE_ACCOUNT }, sa));
    assert.equal(ws.service.validate(sa), second);
  });

  test('new settings: a fresh list under them', async () => {
    const ws = await workspace();
    const policy = open(ws, 'policy.json');
    const first = ws.service.validate(policy);
    const settings = { ...DEFAULT_SETTINGS, checks: { ...DEFAULT_SETTINGS.checks, INVALID_ACTION: 'off' as const } };
    ws.service.configure(settings);
    const second = ws.service.validate(policy);
    assert.notEqual(second, first);
    assert.deepEqual(codes(second), []);
  });

  test('closed and opened again, or never opened: computed again', async () => {
    const ws = await workspace();
    const policy = open(ws, 'policy.json');
    const first = ws.service.validate(policy);
    ws.service.close(policy.uri);
    const closed = ws.service.validate(policy);
    assert.notEqual(closed, first);
    assert.notEqual(ws.service.validate(policy), closed);
    assert.deepEqual(codes(closed), codes(first));
  });

  test('an access file: a fresh list when a policy it read changes, though no fact of the index did', async () => {
    const grant = (action: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::shop/*' }] });
    const script = `${SCRIPT}aws iam put-role-policy --role-name ShopRole --policy-name Shop --policy-document file://shop-policy.json\n`;
    const access = '- serviceAccount: shop/api\n  can: s3:GetObject\n  on: arn:aws:s3:::shop/a.png\n';
    const ws = await workspace({ 'create-roles.sh': script, 'shop-policy.json': grant('s3:GetObject'), 'iam-irsa.access.yaml': access });
    const file = open(ws, 'iam-irsa.access.yaml');
    const first = ws.service.validate(file);
    assert.deepEqual(codes(first), []);
    assert.equal(ws.service.validate(file), first);
    ws.write('shop-policy.json', grant('s3:PutObject'));
    const second = ws.service.validate(file);
    assert.notEqual(second, first);
    assert.deepEqual(codes(second), ['1:7 ACCESS_EXPECTATION_FAILED']);
  });
});
