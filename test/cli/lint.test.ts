import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { BIN, cli, Contract } from './binary';

describe('iam-irsa lint', () => {
  test('--format json over examples/: the contract, INVALID_ACTION on the broken policy, exit 1', () => {
    const { status, stdout, stderr } = cli(['lint', '--format', 'json', 'examples/']);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as Contract;
    assert.equal(report.version, 1);
    assert.ok(report.files.includes('examples/broken/dev-team-a-policy.json'));
    assert.ok(report.files.includes('examples/working/service-accounts.yaml'));
    assert.ok(report.files.every((f) => !path.isAbsolute(f)));
    const action = report.diagnostics.find((d) => d.code === 'INVALID_ACTION');
    assert.deepEqual(action, {
      file: 'examples/broken/dev-team-a-policy.json',
      range: { start: { line: 8, character: 9 }, end: { line: 8, character: 20 } },
      severity: 'error',
      code: 'INVALID_ACTION',
      message: '"GetObjct" is not an action of Amazon S3 (s3); did you mean "s3:GetObject"?',
    });
    assert.ok(report.diagnostics.every((d) => d.file.startsWith('examples/broken/')));
  });

  test('cross-file findings, as in the editor: the broken ServiceAccount and its trust policy', () => {
    const { stdout } = cli(['lint', '--format', 'json', 'examples/broken']);
    const report = JSON.parse(stdout) as Contract;
    const links = report.diagnostics.filter((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA').map((d) => `${d.file}:${d.range.start.line + 1}`);
    assert.deepEqual(links.sort(), ['examples/broken/service-accounts.yaml:8', 'examples/broken/trust-policy-dev-team-a.json:12']);
    // Only the paths given are indexed: the ServiceAccount alone has no role to check against.
    const alone = JSON.parse(cli(['lint', '--format', 'json', 'examples/broken/service-accounts.yaml']).stdout) as Contract;
    assert.deepEqual(
      alone.diagnostics.filter((d) => d.code.startsWith('LINK_')),
      [],
    );
  });

  test('the working example is clean: exit 0', () => {
    const { status, stdout } = cli(['lint', 'examples/working']);
    assert.equal(status, 0);
    assert.match(stdout, /6 files checked, no problems/);
  });

  test('stylish output names file, 1-based line:column, severity, message and code', () => {
    const { status, stdout } = cli(['lint', 'examples/broken/dev-team-a-policy.json']);
    assert.equal(status, 1);
    assert.match(
      stdout,
      /^examples\/broken\/dev-team-a-policy\.json\n {2}9:10 +error +"GetObjct" is not an action of Amazon S3 \(s3\); did you mean "s3:GetObject"\? {2}INVALID_ACTION\n/,
    );
    assert.match(stdout, /1 problem \(1 error, 0 warnings, 0 info\)/);
  });

  test('a missing path: a clear message on stderr, exit 2', () => {
    const { status, stdout, stderr } = cli(['lint', 'no/such/dir']);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'iam-irsa: no/such/dir: no such file or directory\n');
  });

  test('usage errors exit 2 with the usage; --help exits 0', () => {
    assert.equal(cli(['lint']).status, 2);
    assert.match(cli(['lint']).stderr, /no PATH given[\s\S]*Usage: iam-irsa lint/);
    assert.equal(cli(['lint', '--format', 'xml', '.']).status, 2);
    assert.equal(cli(['frobnicate']).status, 2);
    assert.equal(cli([]).status, 2);
    const help = cli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: iam-irsa lint \[--format stylish\|json\|sarif\] \[--config FILE\] PATH\.\.\./);
    assert.match(help.stdout, /An excluded file is not checked, even when named as a PATH/);
    assert.equal(cli(['lint', '--config']).status, 2);
    assert.match(cli(['lint', '--config']).stderr, /--config needs a value/);
  });

  test('walks directories, skipping node_modules and .git, not following a symlink loop', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-irsa-walk-'));
    const bad = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}';
    for (const sub of ['node_modules/pkg', '.git', 'nested/deeper']) mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules/pkg/policy.json'), bad);
    writeFileSync(path.join(dir, '.git/policy.json'), bad);
    writeFileSync(path.join(dir, 'nested/deeper/policy.json'), bad);
    writeFileSync(path.join(dir, 'package.json'), '{"name": "x",}');
    symlinkSync(dir, path.join(dir, 'nested/loop'));
    const { status, stdout } = cli(['lint', '--format', 'json', '.'], dir);
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as Contract;
    assert.deepEqual(report.files, ['nested/deeper/policy.json', 'package.json']);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.file, d.code]),
      [['nested/deeper/policy.json', 'INVALID_EFFECT']],
    );
  });

  test('a large JSON report into a pipe arrives whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-irsa-large-'));
    const actions = Array.from({ length: 400 }, (_, i) => `s3:NoSuchAction${i}`);
    for (let i = 0; i < 40; i++) {
      writeFileSync(
        path.join(dir, `p${i}.json`),
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2),
      );
    }
    const child = spawn(process.execPath, [BIN, 'lint', '--format', 'json', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    // A slow reader: the CLI must not exit before the pipe has taken everything.
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 1);
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const text = Buffer.concat(chunks).toString('utf8');
    assert.ok(text.length > 1_000_000, `${text.length} bytes`);
    const report = JSON.parse(text) as Contract;
    assert.equal(status, 1);
    // Other checks may add findings of their own on these files; the 16,000 unknown actions must all be there.
    assert.equal(report.diagnostics.filter((d) => d.code === 'INVALID_ACTION').length, 40 * 400);
  });
});
