import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/lspClient';
import { BIN, Contract } from './binary';

/** `iam-irsa lint` with IAM_IRSA_THREADS set: 1 forces one thread, 2 a worker beside the main thread. */
function lint(threads: '1' | '2', args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'lint', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, IAM_IRSA_THREADS: threads },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CONFIG = path.join(mkdtempSync(path.join(tmpdir(), 'iam-irsa-parallel-config-')), 'config.json');

/**
 * Five copies of examples/ (roles, trust policies and ServiceAccounts of the same names in every
 * copy: cross-file findings that depend on the whole index) and, sorted last, policies with many
 * findings. With IAM_IRSA_THREADS=2 the worker takes the first chunk, then both threads take turns.
 */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-irsa-parallel-'));
  for (let copy = 0; copy < 5; copy++) cpSync(path.join(REPO_ROOT, 'examples'), path.join(dir, `copy-${String(copy).padStart(2, '0')}`), { recursive: true });
  mkdirSync(path.join(dir, 'zz-slow'));
  const actions = Array.from({ length: 20 }, (_, i) => `ec2:DescribeInstanceTypo${i}`);
  for (let i = 0; i < 40; i++) {
    const statement = { Effect: 'Allow', Action: [...actions, 'iam:PassRole'], Resource: i % 2 ? '*' : `arn:aws:s3:::bucket-${i}/*` };
    writeFileSync(path.join(dir, 'zz-slow', `p${String(i).padStart(2, '0')}.json`), JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2));
  }
  writeFileSync(CONFIG, JSON.stringify({ checks: { INVALID_ACTION: 'warning', MISSING_VERSION: 'off' }, policyKinds: { '**/trust-policy-*.json': 'trust' } }));
  return dir;
}

describe('iam-irsa lint on two threads', () => {
  const dir = workspace();

  for (const format of ['json', 'stylish', 'sarif']) {
    test(`--format ${format}: the same output and exit status as on one thread`, () => {
      const one = lint('1', ['--format', format, '--config', CONFIG, '.'], dir);
      const two = lint('2', ['--format', format, '--config', CONFIG, '.'], dir);
      assert.equal(one.stderr, '');
      assert.equal(two.stderr, '');
      assert.equal(one.status, 1);
      assert.equal(two.status, one.status);
      assert.equal(two.stdout, one.stdout);
    });
  }

  test('the settings reach the worker: every INVALID_ACTION is a warning, cross-file findings in every copy', () => {
    const report = JSON.parse(lint('2', ['--format', 'json', '--config', CONFIG, '.'], dir).stdout) as Contract;
    assert.equal(report.files.length, 5 * 23 + 40);
    const invalid = report.diagnostics.filter((d) => d.code === 'INVALID_ACTION');
    assert.equal(invalid.filter((d) => d.file.startsWith('zz-slow/')).length, 40 * 20);
    assert.ok(invalid.every((d) => d.severity === 'warning'));
    const links = report.diagnostics.filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA').map((d) => d.file.split('/')[0]);
    assert.deepEqual(
      [...new Set(links)],
      Array.from({ length: 5 }, (_, copy) => `copy-${String(copy).padStart(2, '0')}`),
    );
  });
});
