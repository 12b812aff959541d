/** The fault injection machinery itself: the injected text, the faulty token's offsets, where a diagnostic counts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { injectStructural, insertKey, Json, markBrace, Mutate, onTarget, random, statementsOf } from './inject';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' },
  ],
});

function inject(mutate: Mutate) {
  const injection = injectStructural(POLICY, 'self-test', mutate);
  assert.ok(injection);
  return { ...injection, token: injection.text.slice(injection.target.start, injection.target.end) };
}

describe('fault injection machinery', () => {
  test('a value in an array: the text is the pretty-printed mutated policy, the target its token', () => {
    const { text, token } = inject((doc, _rng, marks) => {
      const placed = marks.value('s3:PutObjct');
      (statementsOf(doc)[1].Action as Json[])[1] = placed.json;
      return { target: { marks: [placed.id] }, description: '' };
    });
    const expected = JSON.parse(POLICY);
    expected.Statement[1].Action[1] = 's3:PutObjct';
    assert.equal(text, JSON.stringify(expected, null, 2));
    assert.equal(token, '"s3:PutObjct"');
  });

  test('an added key with an object value: the hull of key and value, printed at its indentation', () => {
    const { text, token } = inject((doc, _rng, marks) => {
      const key = marks.key('Principal');
      const value = marks.value({ AWS: ['arn:aws:iam::123456789012:root'] });
      insertKey(statementsOf(doc)[0], key.json, value.json, 'Effect');
      return { target: { marks: [key.id, value.id] }, description: '' };
    });
    assert.equal(token, '"Principal": {\n        "AWS": [\n          "arn:aws:iam::123456789012:root"\n        ]\n      }');
    assert.ok(text.includes(token));
  });

  test('a missing element: the opening brace of its statement', () => {
    const { text, target } = inject((doc, _rng, marks) => {
      const statement = statementsOf(doc)[1];
      delete statement.Effect;
      return { target: markBrace(statement, marks), description: '' };
    });
    assert.equal(text[target.start], '{');
    assert.equal(target.end, target.start + 1);
    assert.ok(text.slice(target.start).startsWith('{\n      "Action": [\n        "s3:GetObject"'));
  });

  test('the same seed makes the same choices', () => {
    const a = random('x');
    const b = random('x');
    assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
    assert.notDeepEqual([random('y')()], [random('x')()]);
  });

  test('a diagnostic counts on the token when it overlaps it and stays on its lines', () => {
    const doc = TextDocument.create('file:///t.json', 'json', 1, JSON.stringify(JSON.parse(POLICY), null, 2));
    const text = doc.getText();
    const at = text.indexOf('"s3:ListBucket"');
    const target = { start: at, end: at + '"s3:ListBucket"'.length };
    const diagnostic = (start: number, end: number): Diagnostic => ({ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, message: '' });
    assert.equal(onTarget(doc, diagnostic(at + 1, at + 14), target), true, 'between the quotes');
    assert.equal(onTarget(doc, diagnostic(at, at + 15), target), true, 'with the quotes');
    assert.equal(onTarget(doc, diagnostic(at + 4, at + 4), target), true, 'an empty range inside');
    assert.equal(onTarget(doc, diagnostic(at - 10, at + 2), target), true, 'the key and part of the value');
    assert.equal(onTarget(doc, diagnostic(at + 15, at + 20), target), false, 'after it');
    const statement = text.lastIndexOf('{', at);
    assert.equal(onTarget(doc, diagnostic(statement, text.indexOf('}', at) + 1), target), false, 'the whole statement');
    assert.equal(onTarget(doc, diagnostic(0, text.length), target), false, 'the whole document');
  });
});
