import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletionList, Range } from 'vscode-languageserver-types';
import { withItemDefaults } from '../../server/src/service/features/completion/itemDefaults';
import { withItemDefaultsApplied } from '../support/lspClient';
import { TestWorkspace } from '../support/workspace';

const ALL = ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'];

const range = (character: number): Range => ({ start: { line: 1, character }, end: { line: 1, character: character + 3 } });

test('every completion list of a policy and a ServiceAccount means the same with its item defaults as without', async () => {
  const policy =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get","ec2:"],"Resource":"*","Condition":{"StringEquals":{"aws:Res":""}}}]}';
  const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/\n';
  const ws = await TestWorkspace.of({ 'policy.json': policy, 'sa.yaml': sa });
  let compacted = 0;
  for (const [file, text] of [
    ['policy.json', policy],
    ['sa.yaml', sa],
  ]) {
    const document = ws.document(file);
    for (let offset = 0; offset <= text.length; offset++) {
      const list = ws.service.doComplete(document, document.positionAt(offset));
      const sent = withItemDefaults(list, ALL);
      assert.deepEqual(withItemDefaultsApplied(sent), list.items, `${file} at ${offset}`);
      if (sent !== list) compacted++;
    }
  }
  assert.ok(compacted > 20, `${compacted} lists sent with defaults`);
});

test('a list whose items replace different ranges, or one item without data, keeps them on each item', () => {
  const list: CompletionList = {
    isIncomplete: false,
    items: [
      { label: 'a', textEdit: { range: range(0), newText: 'a' }, data: 1 },
      { label: 'b', textEdit: { range: range(1), newText: 'b' } },
    ],
  };
  assert.equal(withItemDefaults(list, ALL), list);
  const replacing: CompletionList = {
    isIncomplete: false,
    items: ['a', 'b'].map((label) => ({ label, textEdit: { insert: range(0), replace: range(0), newText: label } })),
  };
  assert.equal(withItemDefaults(replacing, ALL), replacing);
});

test('only the defaults the client names are used', () => {
  const data = { iamIrsa: 'action', service: 's3' };
  const list: CompletionList = {
    isIncomplete: false,
    items: ['GetObject', 'PutObject'].map((label) => ({ label, textEdit: { range: range(4), newText: `s3:${label}` }, data })),
  };
  const rangeOnly = withItemDefaults(list, ['editRange']);
  assert.deepEqual(rangeOnly.itemDefaults, { editRange: range(4) });
  assert.deepEqual(
    rangeOnly.items.map((i) => [i.textEditText, i.data]),
    [
      ['s3:GetObject', data],
      ['s3:PutObject', data],
    ],
  );
  assert.deepEqual(withItemDefaults(list, ['data']).itemDefaults, { data });
  assert.equal(withItemDefaults(list, []), list);
});
