// Effective permissions in a real VS Code (issue 13, item 3): the lens over a ServiceAccount runs
// "Show Effective Permissions", which opens the server's table as Markdown; "Can This ServiceAccount
// …?" answers with the deciding statement. On a folder of its own (the examples define each of their
// ServiceAccounts in several folders), written into the scratch workspace and opened.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CanResult, EffectivePermissionsResult } from '../../shared/protocol';
import { waitFor, WORKSPACE } from './support';

const FOLDER = path.join(WORKSPACE, 'shop-permissions');
const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const FILES: Record<string, string> = {
  'cart.yaml':
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: cart\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/CartRole\n',
  'cart-trust.json': JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${PROVIDER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${PROVIDER}:sub`]: 'system:serviceaccount:shop:cart', [`${PROVIDER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  ),
  'cart-policy.json': JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadCarts', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shop-carts/*' },
        { Sid: 'Items', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/carts' },
      ],
    },
    null,
    2,
  ),
  'roles.sh': [
    '#!/bin/sh',
    'aws iam create-role --role-name CartRole --assume-role-policy-document file://cart-trust.json',
    'aws iam put-role-policy --role-name CartRole --policy-name CartPolicy --policy-document file://cart-policy.json',
    '',
  ].join('\n'),
};
const SERVICE_ACCOUNT = vscode.Uri.file(path.join(FOLDER, 'cart.yaml'));
const POLICY = vscode.Uri.file(path.join(FOLDER, 'cart-policy.json'));

/** The permission lens of the cart ServiceAccount, once the server has every file of the folder. */
async function permissionLens(): Promise<vscode.CodeLens> {
  return waitFor('the permission lens on the cart ServiceAccount', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', SERVICE_ACCOUNT);
    return (lenses ?? []).find((l) => l.command?.command === 'iamIrsa.showEffectivePermissions' && /can do 3 actions/.test(l.command.title));
  });
}

suite('effective permissions in the extension host', () => {
  suiteSetup(async () => {
    mkdirSync(FOLDER, { recursive: true });
    for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(FOLDER, name), text);
    // Open: the editor's text is the server's at once, whatever its file watcher does.
    for (const name of Object.keys(FILES)) await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(FOLDER, name)));
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(FOLDER, { recursive: true, force: true });
  });

  test('the lens "can do 3 actions in 2 services" runs Show Effective Permissions: the table opens as Markdown, statements as links', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNT));
    const lens = await permissionLens();
    assert.equal(lens.command!.title, 'can do 3 actions in 2 services');
    assert.equal(lens.range.start.line, 6, 'over the role annotation');
    const result = await vscode.commands.executeCommand<EffectivePermissionsResult>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(`${result.namespace}/${result.name}`, 'shop/cart');
    const page = await waitFor('the Markdown page of the table', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'iam-irsa-permissions'));
    // Links into the workspace folder as the Markdown preview follows them (file: links it does not).
    const text = page.getText();
    assert.match(text, /^# What `shop\/cart` can do/);
    assert.ok(
      text.includes(
        `| \`dynamodb\` | \`dynamodb:PutItem\` | Write | \`arn:aws:dynamodb:us-east-1:111122223333:table/carts\` |  | [CartPolicy Items](/shop-permissions/cart-policy.json#L10) |`,
      ),
      text,
    );
    assert.ok(
      text.includes(`| \`s3\` | \`s3:GetObject\` | Read | \`arn:aws:s3:::shop-carts/*\` |  | [CartPolicy ReadCarts](/shop-permissions/cart-policy.json#L4) |`),
      text,
    );
  });

  test('Show Effective Permissions from the palette takes the ServiceAccount under the cursor', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNT));
    await permissionLens();
    editor.selection = new vscode.Selection(3, 9, 3, 9);
    const result = await vscode.commands.executeCommand<EffectivePermissionsResult>('iamIrsa.showEffectivePermissions');
    assert.equal(`${result.namespace}/${result.name}`, 'shop/cart');
    assert.deepEqual([...new Set(result.rows.map((r) => r.action))], ['dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject']);
  });

  test('Can This ServiceAccount …? with its arguments: allowed by the statement (file and line), implicit deny otherwise', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNT));
    await permissionLens();
    const target = { namespace: 'shop', name: 'cart' };
    const allowed = await vscode.commands.executeCommand<CanResult>('iamIrsa.canServiceAccount', target, {
      action: 'dynamodb:GetItem',
      resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/carts',
    });
    assert.equal(allowed.summary, 'allowed by CartPolicy statement Items (cart-policy.json:10)');
    assert.deepEqual([allowed.statement?.file, allowed.statement?.line], [POLICY.toString(), 10]);
    const denied = await vscode.commands.executeCommand<CanResult>('iamIrsa.canServiceAccount', target, {
      action: 'dynamodb:DeleteItem',
      resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/carts',
    });
    assert.equal(denied.summary, 'denied: no statement allows it (implicit deny)');
  });

  test('hover on the ServiceAccount name says what its pods can do', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNT));
    await permissionLens();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', SERVICE_ACCOUNT, new vscode.Position(3, 9));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /What the pods of `shop\/cart` can do\*\*: 3 actions in 2 services/);
    assert.match(text, /- `dynamodb`: 2 actions — Read 1, Write 1/);
  });
});
