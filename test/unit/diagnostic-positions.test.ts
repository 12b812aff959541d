import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { positionsIn } from '../../server/src/service/diagnostics';

/** Line ends of every kind, alone and together, at the start and the end, and a text with none. */
const TEXTS = [
  '',
  'a',
  '\n',
  '\r',
  '\r\n',
  '\n\r',
  '\r\r\n\n',
  'ab\r\ncd\ref\ngh',
  '{\r\n  "Action": "s3:GetObject",\r\n  "Resource": "*"\r\n}\r\n',
  '{\n  "Version": "2012-10-17",\n  "Statement": []\n}',
  'no line break at all',
  '\u2028 and \u0085 are no line breaks here\n',
];

test("diagnostics' positions are the library's TextDocument.positionAt, at every offset, out of the text and between CR and LF included", () => {
  for (const text of TEXTS) {
    const document = TextDocument.create('file:///p.json', 'json', 1, text);
    const positionOf = positionsIn(text);
    for (let offset = -2; offset <= text.length + 2; offset++) {
      assert.deepEqual(positionOf(offset), document.positionAt(offset), `${JSON.stringify(text)} at ${offset}`);
    }
  }
});
