import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeSlowest } from '../support/fuzz/campaign';
import { checkInside, Violation } from '../support/fuzz/invariants';
import { fuzzInWorker } from '../support/fuzz/worker';

// A fixed seed and a fixed number of cases: the same documents on every run. `npm run fuzz` runs
// longer, with any seed; a failure here names the case and how to replay it alone.
const SEED = 20_260_601;
const CASES = 600;
/** Far above any call's time: reached only by a hang (the slowest calls take about a second). */
const HANG_MS = 20_000;

test(`fuzz: ${CASES} mutated and generated examples through every feature of the service`, { timeout: 300_000 }, async (t) => {
  const summary = await fuzzInWorker({ seed: SEED, cases: CASES }, HANG_MS);
  assert.equal(summary.cases, CASES);
  t.diagnostic(`${summary.calls} calls in ${(summary.ms / 1000).toFixed(1)} s; the slowest:`);
  for (const line of describeSlowest(summary, 3).split('\n')) t.diagnostic(line);
});

test("the fuzzer sees a range outside its document: past the last line, past a line's end, reversed, in another file", () => {
  const doc = TextDocument.create('file:///fuzz/a.json', 'json', 1, '{\n  "a": 1\n}');
  const other = TextDocument.create('file:///fuzz/b.json', 'json', 1, 'x');
  const of = (uri: string) => (uri === other.uri ? other : undefined);
  const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
  checkInside([{ range: range(0, 0, 2, 1) }, { uri: other.uri, range: range(0, 0, 0, 1) }], doc, of, 'fine');
  const bad = [
    { range: range(3, 0, 3, 0) },
    { range: range(1, 0, 1, 9) },
    { range: range(1, 2, 0, 0) },
    { uri: other.uri, range: range(0, 0, 0, 2) },
    { targetUri: other.uri, originSelectionRange: range(0, 0, 0, 1), targetRange: range(1, 0, 1, 0) },
    { changes: { [other.uri]: [{ range: range(0, 2, 0, 2), newText: '' }] } },
  ];
  for (const result of bad) assert.throws(() => checkInside(result, doc, of, 'bad'), Violation, JSON.stringify(result));
});
