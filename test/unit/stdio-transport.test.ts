import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import { OneWritePerMessage } from '../../server/src/stdioTransport';

// Over stdio the connection writes a message's header, then its body: they must leave the server
// together (one write, so the client wakes once per answer), intact and in order.

test("each message's header and body reach stdout in one write, messages in order", async () => {
  const writes: Buffer[][] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map((c) => c.chunk as Buffer));
      done();
    },
  });
  const writer = new StreamMessageWriter(new OneWritePerMessage(stdout as unknown as NodeJS.WriteStream));
  const messages = [
    { jsonrpc: '2.0', id: 1, result: { kind: 'full', items: [{ message: 'é ünïcode' }] } },
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'x'.repeat(100_000) } },
  ];
  for (const message of messages) await writer.write(message);
  assert.equal(writes.length, messages.length, 'one write per message');
  for (const [i, chunks] of writes.entries()) {
    const bytes = Buffer.concat(chunks);
    const split = bytes.indexOf('\r\n\r\n');
    const length = Number(/^Content-Length: (\d+)\r\n$/.exec(bytes.subarray(0, split + 2).toString('ascii'))?.[1]);
    const body = bytes.subarray(split + 4);
    assert.equal(body.length, length, 'the header counts the body in bytes');
    assert.deepEqual(JSON.parse(body.toString('utf8')), messages[i]);
  }
});
