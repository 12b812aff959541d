import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, PolicyFile } from '../../server/src/service/parse/document';
import { JsonNode } from '../../server/src/service/parse/json';
import { reparseEditedStatement } from '../../server/src/service/parse/statementEdit';
import { service } from '../support/service';

// An edit inside one statement parses that statement alone and keeps the rest of the previous tree
// (parse/statementEdit.ts): the result must be exactly the tree a full parse of the new text builds.

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"]
    },
    {
      "Sid": "Tagged",
      "Effect": "Allow",
      "Action": "ec2:StartInstances",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:ResourceTag/team": ["a", "b"]}, "Bool": {"aws:SecureTransport": true}}
    },
    {}
  ],
  "Id": "after"
}
`;

const policyFile = (text: string): PolicyFile => {
  const parsed = parseDocument(text, 'json');
  assert.equal(parsed.kind, 'policy');
  return parsed as PolicyFile;
};

/** The node and everything under it as plain data, each child's parent checked on the way. */
function shape(node: JsonNode): unknown {
  for (const child of node.children ?? []) assert.equal(child.parent, node, 'a child points to its parent');
  return {
    type: node.type,
    offset: node.offset,
    length: node.length,
    value: node.value,
    colonOffset: node.colonOffset,
    children: node.children?.map(shape),
  };
}

/** The statement-level reparse of `before` → `after`, compared with a full parse of `after`; whether it applied. */
function reparsed(before: string, after: string): boolean {
  const previous = policyFile(before);
  const kept = previous.policy.statements;
  const next = reparseEditedStatement(previous, after);
  if (!next) return false;
  const fresh = policyFile(after);
  assert.equal(next.text, after);
  assert.deepEqual(next.json.errors, fresh.json.errors);
  assert.deepEqual(shape(next.json.root!), shape(fresh.json.root!), `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  assert.equal(next.policy.root, next.json.root);
  assert.deepEqual(
    next.policy.statements.map((s) => [s.index, s.node.offset, s.elements.map((e) => e.key), Object.keys(s.element)]),
    fresh.policy.statements.map((s) => [s.index, s.node.offset, s.elements.map((e) => e.key), Object.keys(s.element)]),
  );
  // The statements the edit did not touch keep their models.
  assert.equal(next.policy.statements.filter((s, i) => s === kept[i]).length, kept.length - (before === after ? 0 : 1));
  return true;
}

const edit = (text: string, at: string, removed: number, inserted: string, after = 0) => {
  const offset = text.indexOf(at) + after;
  assert.ok(offset >= after, at);
  return text.slice(0, offset) + inserted + text.slice(offset + removed);
};

test('typing inside an action name, a resource, a condition key: only that statement is parsed again', () => {
  assert.ok(reparsed(POLICY, edit(POLICY, 's3:GetObject', 1, '', 11)));
  assert.ok(reparsed(POLICY, edit(POLICY, 'bucket/*', 0, 'prefix-', 7)));
  assert.ok(reparsed(POLICY, edit(POLICY, 'aws:ResourceTag/team', 0, 's', 20)));
  assert.ok(reparsed(POLICY, edit(POLICY, '"Resource": "*"', 0, ',\n      "NotResource": []', 15)));
  assert.ok(reparsed(POLICY, edit(POLICY, '{}', 0, '"Effect": "Deny"', 1)));
  assert.ok(reparsed(POLICY, POLICY));
});

test('an edit the statement alone cannot tell apart is parsed whole', () => {
  // A syntax error inside the statement, or in the previous version.
  assert.equal(reparsed(POLICY, edit(POLICY, 's3:GetObject', 0, '"', 3)), false);
  const broken = edit(POLICY, '"Id"', 0, ',');
  assert.equal(reparsed(broken, edit(broken, 's3:GetObject', 1, '', 11)), false);
  // Across two statements, on a bracket, or outside the statements.
  assert.equal(reparsed(POLICY, edit(POLICY, '},\n    {\n      "Sid": "Tagged"', 1, '')), false);
  assert.equal(reparsed(POLICY, edit(POLICY, '{\n      "Sid": "Read"', 1, '[')), false);
  assert.equal(reparsed(POLICY, edit(POLICY, '2012-10-17', 1, '3')), false);
  // A statement nested deeper than the parser reads.
  const deep = '['.repeat(200) + ']'.repeat(200);
  assert.equal(reparsed(POLICY, edit(POLICY, '{}', 0, `"Deep": ${deep}`, 1)), false);
});

test('every one-character edit of a policy: where the reparse applies, it is the full parse', () => {
  let applied = 0;
  for (let offset = 0; offset <= POLICY.length; offset++) {
    for (const after of [
      POLICY.slice(0, offset) + POLICY.slice(offset + 1),
      POLICY.slice(0, offset) + 'x' + POLICY.slice(offset),
      POLICY.slice(0, offset) + '"' + POLICY.slice(offset),
    ]) {
      if (reparsed(POLICY, after)) applied++;
    }
  }
  assert.ok(applied > POLICY.length / 2, `applied ${applied} times`);
});

test('the service: diagnostics after a run of edits inside statements are a fresh service’s', async () => {
  const editor = await service();
  const uri = 'file:///w/edited.json';
  let text = POLICY;
  const edits = [
    (t: string) => edit(t, 's3:GetObject', 1, '', 11), // s3:GetObjec: an unknown action
    (t: string) => edit(t, 'aws:ResourceTag/team', 1, '', 19), // aws:ResourceTag/tea
    (t: string) => edit(t, 's3:GetObjec', 0, 't', 11),
    (t: string) => edit(t, '"Resource": "*"', 0, ', "Principal": "*"', 15),
    (t: string) => edit(t, '{}', 0, '"Effect": "Alow"', 1),
  ];
  for (const [i, next] of edits.entries()) {
    text = next(text);
    const document = TextDocument.create(uri, 'json', i + 2, text);
    const diagnostics = editor.validate(document);
    assert.deepEqual(diagnostics, (await service()).validate(document), `edit ${i + 1}`);
    assert.deepEqual(editor.parse(document), parseDocument(text, 'json'), `edit ${i + 1}: the model`);
  }
  const codes = editor.validate(TextDocument.create(uri, 'json', 99, text)).map((d) => d.code);
  assert.ok(codes.includes('INVALID_ACTION') === false && codes.includes('INVALID_EFFECT'), codes.join());
});
