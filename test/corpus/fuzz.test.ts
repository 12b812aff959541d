import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSlowest } from '../support/fuzz/campaign';
import { fuzzInWorker } from '../support/fuzz/worker';

// The unit tier fuzzes the examples; this one adds every 10th AWS managed policy to the seeds.
const SEED = 20_260_602;
const CASES = 400;
const HANG_MS = 20_000;

test(`fuzz: ${CASES} mutated documents, the AWS managed policies among the seeds`, { timeout: 300_000 }, async (t) => {
  const summary = await fuzzInWorker({ seed: SEED, cases: CASES, corpusStep: 10 }, HANG_MS);
  assert.equal(summary.cases, CASES);
  t.diagnostic(`${summary.calls} calls in ${(summary.ms / 1000).toFixed(1)} s; the slowest:`);
  for (const line of describeSlowest(summary, 3).split('\n')) t.diagnostic(line);
});
