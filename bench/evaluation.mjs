// The evaluator (issue 13): one `can` question in-process (median µs over every generated
// question), and `iam-irsa can --batch` of 3,000 generated questions end to end (the built CLI,
// start-up included). Targets: a question under 5 ms, the batch under 5 s.
// Alone: `node bench/evaluation.mjs` (builds first); `npm run bench` runs it with the others.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { p50, Table, timed } from './stats.mjs';

const require = createRequire(import.meta.url);
const QUESTIONS = 3_000;
const SEED = 13;

export async function measureEvaluation(table, { root, runs }) {
  const { generatedQuestions } = require(join(root, 'out/test/support/fuzz/evaluationQuestions.js'));
  const { BatchEvaluator, evaluate } = require(join(root, 'out/server/src/service/index.js'));
  const { buildPolicy } = require(join(root, 'out/server/src/service/parse/policy.js'));
  const { parseJson } = require(join(root, 'out/server/src/service/parse/json.js'));
  const questions = generatedQuestions(SEED, QUESTIONS);
  const lines = questions.map((q) => JSON.stringify(q));

  // From the JSON line: parse, compile, evaluate (the batch's work per question).
  const evaluator = new BatchEvaluator();
  for (const line of lines.slice(0, 300)) evaluator.answer(line);
  const fromLine = [];
  for (let run = 0; run < runs; run++)
    for (const line of lines) {
      const start = performance.now();
      evaluator.answer(line);
      fromLine.push(performance.now() - start);
    }

  // The editor's case: the policies' models are built (and compiled) once, questions asked of them.
  const model = (p) => buildPolicy(parseJson(JSON.stringify(p)).root);
  const prepared = questions.map((q) => ({ q, policies: q.policies.map(model), boundary: q.boundary ? model(q.boundary) : undefined }));
  const ask = ({ q, policies, boundary }) => evaluate({ action: q.action, resource: q.resource, context: q.context }, policies, boundary);
  prepared.forEach(ask);
  const asked = [];
  for (let run = 0; run < runs; run++)
    for (const p of prepared) {
      const start = performance.now();
      ask(p);
      asked.push(performance.now() - start);
    }

  const dir = mkdtempSync(join(tmpdir(), 'iam-irsa-bench-batch-'));
  const batch = [];
  try {
    const file = join(dir, 'questions.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    for (let run = 0; run < runs; run++) {
      let result;
      batch.push(
        await timed(
          () =>
            (result = spawnSync(process.execPath, [join(root, 'bin/iam-irsa.js'), 'can', '--batch', file, '--format', 'json'], {
              encoding: 'utf8',
              maxBuffer: 1 << 28,
            })),
        ),
      );
      const answered = result.stdout.split('\n').filter((l) => l.includes('"decision"')).length;
      if (result.status !== 0 || answered !== QUESTIONS)
        throw new Error(`can --batch answered ${answered} of ${QUESTIONS} (exit ${result.status}): ${result.stderr.slice(-500)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const us = (value) => `${(value * 1000).toFixed(0)} µs`;
  table.section('Evaluation (can)');
  table.figure(`one question in-process, from its JSON line (p50 of ${fromLine.length.toLocaleString('en')})`, us(p50(fromLine)));
  table.figure(`one question in-process, policies already parsed (p50 of ${asked.length.toLocaleString('en')})`, us(p50(asked)));
  table.figure(`can --batch, ${QUESTIONS.toLocaleString('en')} questions end to end`, `${(p50(batch) / 1000).toFixed(2)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  for (const args of [[join(root, 'node_modules/typescript/bin/tsc'), '-b'], [join(root, 'esbuild.mjs')]]) {
    if (spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const table = new Table();
  await measureEvaluation(table, { root, runs });
  table.print(runs);
}
