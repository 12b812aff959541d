import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeAction, CompletionItem, CompletionItemKind, InsertTextFormat, MarkupContent, Position, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO_ROOT, ServerSession } from '../support/lspClient';

/** The Dev Team A/B scenario of examples/, copied: commands write files next to the manifests. */
const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-authoring-'));
for (const folder of ['broken', 'working']) cpSync(path.join(REPO_ROOT, 'examples', folder), path.join(root, folder), { recursive: true });

const file = (relative: string) => path.join(root, relative);
const uri = (relative: string) => pathToFileURL(file(relative)).toString();
const text = (relative: string) => readFileSync(file(relative), 'utf8');

/** The position `delta` characters into the first `needle` of a text. */
function at(content: string, needle: string, delta = 0): Position {
  const offset = content.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  return TextDocument.create('file:///x', 'json', 1, content).positionAt(offset + delta);
}

const label = (item: CompletionItem) => item.label;
const markdown = (value: unknown) => (value as MarkupContent | undefined)?.value ?? (typeof value === 'string' ? value : '');

const POLICY = 'broken/dev-team-a-policy.json';
/** The completion item defaults VS Code's client (vscode-languageclient) declares. */
const VSCODE_ITEM_DEFAULTS = ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'];
const SA = 'broken/service-accounts.yaml';
const TRUST = 'broken/trust-policy-dev-team-a.json';

describe('authoring over stdio: completion, resolve, hover, code actions, commands', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start({ pull: true, workspaceFolders: [root] });
    await server.open(uri(POLICY), text(POLICY), 'json');
    await server.open(uri(SA), text(SA), 'yaml');
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('announces completion (with resolve and trigger characters), code actions (quick fix, fix all) and its commands', () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.completionProvider?.resolveProvider, true);
    assert.ok(capabilities.completionProvider?.triggerCharacters?.includes(':'));
    assert.ok(capabilities.completionProvider?.triggerCharacters?.includes('"'));
    const kinds = (capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds ?? [];
    assert.deepEqual([...kinds].sort(), ['quickfix', 'source.fixAll.iam-irsa']);
    assert.ok((capabilities.executeCommandProvider?.commands.length ?? 0) >= 2, 'the create-trust and create-ServiceAccount commands');
  });

  test('completion after "s3:Get offers s3:GetObject, and resolve adds its description', async () => {
    const content = text(POLICY).replace('"s3:GetObjct"', '"s3:Get"');
    await server.change(uri(POLICY), 2, [{ text: content }]);
    const items = await server.completion(uri(POLICY), at(content, '"s3:Get"', '"s3:Get'.length));
    const item = items.find((i) => (i.filterText ?? label(i)) === 's3:GetObject' || label(i) === 's3:GetObject');
    assert.ok(item, `s3:GetObject among ${items.slice(0, 10).map(label).join(', ')}`);
    assert.ok(!items.some((i) => (i.filterText ?? label(i)).startsWith('ec2:')), 'only s3 actions after s3:');
    const edit = item.textEdit as TextEdit;
    const applied = TextDocument.applyEdits(TextDocument.create(uri(POLICY), 'json', 2, content), [edit]);
    assert.match(applied, /"s3:GetObject"/);
    const resolved = await server.resolveCompletion(item);
    assert.match(markdown(resolved.documentation), /object/i);
  });

  test('to a client that reads item defaults (VS Code), what the items share is sent once: the same items, a third fewer bytes', async () => {
    const content = text(POLICY).replace('"s3:GetObjct"', '"s3:Get"');
    const position = at(content, '"s3:Get"', '"s3:Get'.length);
    await server.change(uri(POLICY), 2, [{ text: content }]);
    const plain = await server.completion(uri(POLICY), position);
    const vscode = await ServerSession.start({ pull: true, workspaceFolders: [root], completionItemDefaults: VSCODE_ITEM_DEFAULTS });
    try {
      await vscode.open(uri(POLICY), content, 'json');
      const list = await vscode.completionList(uri(POLICY), position);
      assert.ok(list && !Array.isArray(list) && list.itemDefaults?.editRange, 'a list with the shared edit range');
      assert.ok(
        list.items.every((item) => item.textEdit === undefined),
        'no item repeats the range',
      );
      assert.ok(
        list.items.filter((item) => item.kind === CompletionItemKind.Function).every((item) => item.data === undefined),
        "no action repeats the service's data (a wildcard keeps its own)",
      );
      assert.deepEqual(list.itemDefaults.data, { iamIrsa: 'action', service: 's3' });
      assert.ok(
        JSON.stringify(list).length < 0.7 * JSON.stringify(plain).length,
        `${JSON.stringify(list).length} bytes against ${JSON.stringify(plain).length}`,
      );
      // Applied back as the client does, the items are those a client without defaults gets.
      const applied = await vscode.completion(uri(POLICY), position);
      assert.deepEqual(applied, plain);
      const item = applied.find((i) => i.label === 'GetObject');
      assert.ok(item);
      const resolved = await vscode.resolveCompletion(item);
      assert.match(markdown(resolved.documentation), /object/i);
    } finally {
      await vscode.stop();
    }
  });

  test('hover on an action of the working policy: description and access level', async () => {
    const content = text('working/dev-team-a-policy.json');
    await server.open(uri('working/dev-team-a-policy.json'), content, 'json');
    const hover = await server.hover(uri('working/dev-team-a-policy.json'), at(content, 's3:GetObject', 5));
    const value = markdown(hover?.contents);
    assert.match(value, /GetObject/);
    assert.match(value, /Read/);
  });

  test('the quick fix for s3:GetObjct replaces it with s3:GetObject', async () => {
    const content = text(POLICY);
    await server.change(uri(POLICY), 3, [{ text: content }]);
    const diagnostics = await server.pull(uri(POLICY));
    const invalid = diagnostics.find((d) => d.code === 'INVALID_ACTION');
    assert.ok(invalid, 'INVALID_ACTION on the broken policy');
    const actions = (await server.codeActions(uri(POLICY), invalid.range, [invalid])) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix?.edit?.changes?.[uri(POLICY)], `a preferred quick fix among ${actions.map((a) => a.title).join(' | ')}`);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri(POLICY), 'json', 3, content), fix.edit.changes[uri(POLICY)]);
    assert.match(fixed, /"s3:GetObject"/);
    await server.change(uri(POLICY), 4, [{ text: fixed }]);
    assert.ok(!(await server.pull(uri(POLICY))).some((d) => d.code === 'INVALID_ACTION'), 'the fixed text re-validates without INVALID_ACTION');
  });

  test('completion in the ServiceAccount offers the webhook annotation keys', async () => {
    const content = text(SA).replace('    eks.amazonaws.com/sts-regional-endpoints: "true"', '    eks.amazonaws.com/');
    await server.change(uri(SA), 2, [{ text: content }]);
    const items = await server.completion(uri(SA), at(content, '    eks.amazonaws.com/\n', '    eks.amazonaws.com/'.length));
    const labels = items.map(label);
    assert.ok(
      labels.some((l) => l.includes('sts-regional-endpoints')),
      labels.join(', '),
    );
    await server.change(uri(SA), 3, [{ text: text(SA) }]);
  });

  test('snippets are offered in an empty JSON file', async () => {
    await server.open(uri('empty.json'), '', 'json');
    const items = await server.completion(uri('empty.json'), { line: 0, character: 0 });
    const snippets = items.filter((i) => i.insertTextFormat === InsertTextFormat.Snippet);
    assert.ok(
      snippets.some((i) => /irsa/i.test(`${label(i)} ${i.filterText ?? ''}`)),
      snippets.map(label).join(', '),
    );
  });

  test('executeCommand: a trust policy for the ServiceAccount, written through workspace/applyEdit', async () => {
    const commands = server.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    const create = commands.find((c) => /trust/i.test(c));
    assert.ok(create, commands.join(', '));
    const before = server.appliedEdits.length;
    await server.executeCommand(create, [uri(SA), at(text(SA), 'dev-team-a-sa')]);
    const applied = await server.until(() => server.appliedEdits[before], 'a workspace/applyEdit from the command');
    const created = JSON.stringify(applied.edit);
    assert.match(created, /system:serviceaccount:team-a:dev-team-a-sa/);
    assert.match(created, /sts:AssumeRoleWithWebIdentity/);
  });

  test('executeCommand: a ServiceAccount for the trust policy, written through workspace/applyEdit', async () => {
    const commands = server.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    const create = commands.find((c) => /serviceaccount/i.test(c));
    assert.ok(create, commands.join(', '));
    await server.open(uri(TRUST), text(TRUST), 'json');
    const before = server.appliedEdits.length;
    await server.executeCommand(create, [uri(TRUST), at(text(TRUST), ':sub', 0)]);
    const applied = await server.until(() => server.appliedEdits[before], 'a workspace/applyEdit from the command');
    const created = JSON.stringify(applied.edit);
    assert.match(created, /kind: ServiceAccount/);
    assert.match(created, /name: dev-team-a-sa/);
    assert.match(created, /namespace: default/);
  });
});
