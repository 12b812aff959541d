// The evaluator (issue 13): one `can` question in-process (median µs over every generated
// question), and `iam-irsa can --batch` of 3,000 generated questions end to end (the built CLI,
// start-up included). Targets: a question under 5 ms, the batch under 5 s. The permission model:
// the effective permissions of a ServiceAccount with five attached policies, one of them the AWS
// managed ReadOnlyAccess (median in-process, target under 50 ms), and the memory the permission
// queries add to an indexed workspace of 2,000 files (a child process, after full GCs; target +30 MB).
// Alone: `node bench/evaluation.mjs` (builds first); `npm run bench` runs it with the others.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { p50, Table, timed } from './stats.mjs';
import { writeWorkspace } from './workspace.mjs';

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

  const effective = await measureEffective(root, runs);
  const memory = measureMemory(root);

  const us = (value) => `${(value * 1000).toFixed(0)} µs`;
  table.section('Evaluation (can)');
  table.figure(`one question in-process, from its JSON line (p50 of ${fromLine.length.toLocaleString('en')})`, us(p50(fromLine)));
  table.figure(`one question in-process, policies already parsed (p50 of ${asked.length.toLocaleString('en')})`, us(p50(asked)));
  table.figure(`can --batch, ${QUESTIONS.toLocaleString('en')} questions end to end`, `${(p50(batch) / 1000).toFixed(2)} s`);
  table.section('Permission model (explain, can NAMESPACE/NAME)');
  table.figure(`effective permissions, 5 policies incl. ReadOnlyAccess, first (p50 of ${effective.first.length})`, `${p50(effective.first).toFixed(1)} ms`);
  table.figure(`effective permissions, 5 policies incl. ReadOnlyAccess, again (p50 of ${effective.again.length})`, `${p50(effective.again).toFixed(1)} ms`);
  table.figure(`  (${effective.rows.toLocaleString('en')} rows)`, '');
  table.figure(`can NAMESPACE/NAME in-process on it (p50 of ${effective.asked.length})`, `${p50(effective.asked).toFixed(2)} ms`);
  table.figure(`memory after indexing ${memory.files.toLocaleString('en')} files, heap / RSS`, `${memory.before.heap} / ${memory.before.rss} MB`);
  table.figure(`  after explain + can on ${memory.asked} ServiceAccounts, heap / RSS`, `${memory.after.heap} / ${memory.after.rss} MB`);
  table.figure(
    '  growth, heap / RSS (target: +30 MB)',
    `+${(memory.after.heap - memory.before.heap).toFixed(1)} / +${(memory.after.rss - memory.before.rss).toFixed(1)} MB`,
  );
}

const ACCOUNT = '111122223333';
const PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** carts/carts, whose role (Terraform) has five policies: inline, two customer managed, AmazonS3ReadOnlyAccess, ReadOnlyAccess. */
function writeFivePolicies(dir) {
  const document = (actions, resource = '*') =>
    `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ${JSON.stringify(actions)}, Resource = "${resource}" }] })`;
  mkdirSync(join(dir, 'carts'), { recursive: true });
  writeFileSync(
    join(dir, 'carts/main.tf'),
    `resource "aws_iam_role" "carts" {
  name = "CartsRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = { "${PROVIDER}:sub" = "system:serviceaccount:carts:carts" } }
    }]
  })
  managed_policy_arns = [
    aws_iam_policy.table.arn,
    aws_iam_policy.queue.arn,
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
  ]
}

resource "aws_iam_role_policy" "keys" {
  name   = "carts-keys"
  role   = aws_iam_role.carts.id
  policy = ${document(['kms:Decrypt', 'kms:GenerateDataKey'])}
}

resource "aws_iam_policy" "table" {
  name   = "carts-table"
  policy = ${document(['dynamodb:*'], `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/carts`)}
}

resource "aws_iam_policy" "queue" {
  name   = "carts-queue"
  policy = ${document(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'])}
}
`,
  );
  writeFileSync(
    join(dir, 'carts/sa.yaml'),
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: carts\n  namespace: carts\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/CartsRole\n`,
  );
}

/** `effectivePermissions` of carts/carts as `iam-irsa explain` computes it: the first call (AWS managed policies parsed), then again. */
async function measureEffective(root, runs) {
  const { readWorkspace, collectFiles } = require(join(root, 'out/server/src/cliWorkspace.js'));
  const { effectivePermissions, askServiceAccount } = require(join(root, 'out/server/src/service/index.js'));
  const { DEFAULT_SETTINGS } = require(join(root, 'out/server/src/service/settings.js'));
  const dir = mkdtempSync(join(tmpdir(), 'iam-irsa-bench-effective-'));
  try {
    writeFivePolicies(dir);
    const workspace = await readWorkspace(await collectFiles([dir], DEFAULT_SETTINGS, undefined), DEFAULT_SETTINGS);
    const first = [];
    const again = [];
    const asked = [];
    let rows = 0;
    for (let run = 0; run < Math.max(runs, 5); run++) {
      const start = performance.now();
      const result = effectivePermissions(workspace.sources, 'carts', 'carts');
      (run === 0 ? first : again).push(performance.now() - start);
      rows = result.rows.length;
      if (result.roles[0]?.policies.length !== 5) throw new Error(`carts/carts: ${JSON.stringify(result.roles)} ${JSON.stringify(result.unknowns)}`);
    }
    for (let run = 0; run < 20 * runs; run++) {
      const start = performance.now();
      askServiceAccount(workspace.sources, 'carts', 'carts', { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/carts` });
      asked.push(performance.now() - start);
    }
    return { first, again, asked, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The memory probe, in a child process with a GC on demand: indexed workspace, then permission queries on it. */
function measureMemory(root) {
  const result = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--memory-probe', root], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`memory probe: ${result.stderr.slice(-1000)}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function memoryProbe(root) {
  const { readWorkspace, collectFiles } = require(join(root, 'out/server/src/cliWorkspace.js'));
  const { effectivePermissions, askServiceAccount } = require(join(root, 'out/server/src/service/index.js'));
  const { DEFAULT_SETTINGS } = require(join(root, 'out/server/src/service/settings.js'));
  const dir = mkdtempSync(join(tmpdir(), 'iam-irsa-bench-memory-'));
  try {
    const files = writeWorkspace(dir, 2_000, { shapes: 'real' });
    writeFivePolicies(dir);
    const workspace = await readWorkspace(await collectFiles([dir], DEFAULT_SETTINGS, undefined), DEFAULT_SETTINGS);
    const sample = () => {
      for (let i = 0; i < 3; i++) globalThis.gc();
      const usage = process.memoryUsage();
      return { heap: +(usage.heapUsed / 2 ** 20).toFixed(1), rss: +(usage.rss / 2 ** 20).toFixed(1) };
    };
    const before = sample();
    const accounts = [['carts', 'carts']];
    for (const file of workspace.service.index.all()) for (const sa of file.facts.serviceAccounts) accounts.push([sa.namespace, sa.name]);
    const asked = accounts.slice(0, 200);
    for (const [namespace, name] of asked) {
      effectivePermissions(workspace.sources, namespace, name);
      askServiceAccount(workspace.sources, namespace, name, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' });
    }
    const after = sample();
    // Kept alive until measured: the workspace is what a server holds.
    if (!workspace.service) throw new Error('no workspace');
    process.stdout.write(JSON.stringify({ files: files + 2, asked: asked.length, before, after }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--memory-probe') {
  await memoryProbe(process.argv[3]);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  for (const args of [[join(root, 'node_modules/typescript/bin/tsc'), '-b'], [join(root, 'esbuild.mjs')]]) {
    if (spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const table = new Table();
  await measureEvaluation(table, { root, runs });
  table.print(runs);
}
