import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { BatchEvaluator } from '../../server/src/service';
import { generatedQuestions } from '../support/fuzz/evaluationQuestions';
import { BIN, cli, workspace } from './binary';

const ALLOW_S3 = { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::carts/*' }] };
const DENY_OUTSIDE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }],
};

function question(id: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, policies: [ALLOW_S3], boundary: null, action: 's3:GetObject', resource: 'arn:aws:s3:::carts/k', context: {}, ...extra });
}

function batchFromStdin(input: string, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'can', '--batch', '-', '--format', 'json', ...args], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lines(stdout: string): unknown[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe('iam-irsa can --batch', () => {
  test('answers each question of a file in order, one JSON line each, ids kept as given', () => {
    const dir = workspace({
      'questions.jsonl': [
        question('allowed'),
        question(2, { action: 's3:PutObject' }),
        question('deny', { policies: [ALLOW_S3, DENY_OUTSIDE], context: { 'aws:SourceIp': '198.51.100.7' } }),
        question('inside', { policies: [ALLOW_S3, DENY_OUTSIDE], context: { 'aws:SourceIp': '203.0.113.7' } }),
        question('boundary', { boundary: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' } } }),
      ].join('\n'),
    });
    const { status, stdout, stderr } = cli(['can', '--batch', 'questions.jsonl', '--format', 'json'], dir);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.deepEqual(lines(stdout), [
      { id: 'allowed', decision: 'allowed' },
      { id: 2, decision: 'implicit-deny' },
      { id: 'deny', decision: 'explicit-deny' },
      { id: 'inside', decision: 'allowed' },
      { id: 'boundary', decision: 'implicit-deny' },
    ]);
  });

  test('- reads standard input; --format may be left out; blank lines, a BOM and CRLF are taken in stride', () => {
    const { status, stdout } = batchFromStdin(`\ufeff${question(1)}\n\n${question(2, { context: { 'aws:SourceIp': ['a', 'b'] } })}\r\n`);
    assert.equal(status, 0);
    assert.deepEqual(lines(stdout), [
      { id: 1, decision: 'allowed' },
      { id: 2, decision: 'allowed' },
    ]);
    const bare = spawnSync(process.execPath, [BIN, 'can', '--batch', '-'], { input: question(3), encoding: 'utf8' });
    assert.deepEqual(lines(bare.stdout), [{ id: 3, decision: 'allowed' }]);
  });

  test('a malformed line gets an error answer in its place, never a crash; exit 0', () => {
    const input = [
      question(1),
      '{"id": 2, "policies": [',
      '[1, 2]',
      question(4, { policies: {} }),
      question(5, { action: 7 }),
      question(6, { context: { 'aws:SourceIp': 3 } }),
      question(7, { boundary: 'none' }),
      question(8, { policies: [{ Statement: 'not a statement' }] }),
      question(9),
    ].join('\n');
    const { status, stdout } = batchFromStdin(input);
    assert.equal(status, 0);
    const answers = lines(stdout) as { id: unknown; error?: string; decision?: string }[];
    assert.equal(answers.length, 9);
    assert.deepEqual(
      answers.map((a) => [a.id, a.decision ?? 'error']),
      [
        [1, 'allowed'],
        [null, 'error'],
        [null, 'error'],
        [4, 'error'],
        [5, 'error'],
        [6, 'error'],
        [7, 'error'],
        [8, 'implicit-deny'],
        [9, 'allowed'],
      ],
    );
    assert.match(answers[3].error!, /"policies" must be an array of policy objects/);
    assert.match(answers[5].error!, /context key "aws:SourceIp" must be a string or an array of strings/);
  });

  test('usage errors exit 2 with a message on stderr', () => {
    const missing = cli(['can']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^iam-irsa: NAMESPACE\/NAME ACTION RESOURCE, or --batch FILE, is required[\s\S]*Usage: iam-irsa can --batch FILE/);
    assert.equal(cli(['can', '--batch', 'x.jsonl', '--format', 'stylish']).status, 2);
    assert.match(cli(['can', '--batch', 'x.jsonl', '--format', 'stylish']).stderr, /--format must be json with --batch, not "stylish"/);
    assert.equal(cli(['can', '--batch']).status, 2);
    assert.equal(cli(['can', '--batch', 'x.jsonl', '--frobnicate']).status, 2);
    const absent = cli(['can', '--batch', 'no/such/questions.jsonl']);
    assert.equal(absent.status, 2);
    assert.equal(absent.stderr, 'iam-irsa: no/such/questions.jsonl: no such file\n');
    assert.equal(absent.stdout, '');
  });

  test('--help describes can --batch, its question and answer lines', () => {
    const help = cli(['can', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: iam-irsa can --batch FILE \[--format json\]/);
    assert.match(help.stdout, /"decision": "allowed" \| "explicit-deny" \| "implicit-deny"/);
  });

  test('the CLI gives the in-process answers on 500 generated questions', () => {
    const questions = generatedQuestions(7, 500);
    const { status, stdout } = batchFromStdin(questions.map((q) => JSON.stringify(q)).join('\n'));
    assert.equal(status, 0);
    const evaluator = new BatchEvaluator();
    assert.deepEqual(
      lines(stdout),
      questions.map((q) => evaluator.answer(JSON.stringify(q))),
    );
    const decisions = new Set((lines(stdout) as { decision: string }[]).map((a) => a.decision));
    assert.deepEqual([...decisions].sort(), ['allowed', 'explicit-deny', 'implicit-deny']);
  });
});
