import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJson, properties, stringItems } from '../../server/src/service/parse/json';

/** The value node of `key` in a one-object JSON text. */
function valueOf(text: string, key: string) {
  const { root } = parseJson(text);
  return properties(root).find((p) => p.key === key)?.valueNode;
}

describe('stringItems', () => {
  test('an element that takes a string or an array of strings gives its string nodes, in order', () => {
    const values = (text: string) => stringItems(valueOf(text, 'Action')).map((n) => n.value);
    assert.deepEqual(values('{"Action": "s3:GetObject"}'), ['s3:GetObject']);
    assert.deepEqual(values('{"Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]}'), ['s3:GetObject', 's3:PutObject', 's3:ListBucket']);
    // Anything else in the array is left out, wherever it stands.
    assert.deepEqual(values('{"Action": [1, "s3:GetObject", {"a": "b"}, "s3:PutObject", ["s3:X"], null]}'), ['s3:GetObject', 's3:PutObject']);
    assert.deepEqual(values('{"Action": [true, "s3:GetObject"]}'), ['s3:GetObject']);
    assert.deepEqual(values('{"Action": ["s3:GetObject", 2]}'), ['s3:GetObject']);
    for (const text of ['{"Action": []}', '{"Action": 7}', '{"Action": {"s3": "x"}}', '{"Action": null}', '{"Other": "s3:GetObject"}']) {
      assert.deepEqual(values(text), [], text);
    }
    assert.deepEqual(stringItems(undefined), []);
  });

  test('the nodes are those of the tree, with their offsets', () => {
    const text = '{"Action": ["s3:GetObject", 3, "s3:PutObject"]}';
    for (const node of stringItems(valueOf(text, 'Action'))) {
      assert.equal(text.slice(node.offset, node.offset + node.length), JSON.stringify(node.value));
      assert.equal(node.type, 'string');
    }
  });
});
