import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/lspClient';
import { cli, Contract, workspace } from './binary';

const TEAM_B = readFileSync(path.join(REPO_ROOT, 'examples/broken/dev-team-b-policy.json'), 'utf8');
const BAD_EFFECT = { Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }] };

function lintJson(args: string[], cwd: string): { status: number | null; report: Contract; stderr: string } {
  const { status, stdout, stderr } = cli(['lint', '--format', 'json', ...args], cwd);
  assert.notEqual(status, 2, stderr);
  return { status, report: JSON.parse(stdout) as Contract, stderr };
}

function codes(report: Contract, file: string): Record<string, string> {
  return Object.fromEntries(report.diagnostics.filter((d) => d.file === file).map((d) => [d.code, d.severity]));
}

describe('iam-irsa lint --config', () => {
  test('a check turned off and another given another severity', () => {
    const dir = workspace({ 'policy.json': TEAM_B, 'ci/iam-irsa.json': { checks: { INVALID_EFFECT: 'off', INVALID_VERSION: 'warning' } } });
    const before = lintJson(['policy.json'], dir);
    assert.equal(before.status, 1);
    assert.equal(codes(before.report, 'policy.json').INVALID_EFFECT, 'error');
    assert.equal(codes(before.report, 'policy.json').INVALID_VERSION, 'error');
    const after = lintJson(['--config', 'ci/iam-irsa.json', 'policy.json'], dir);
    const seen = codes(after.report, 'policy.json');
    assert.equal(seen.INVALID_EFFECT, undefined);
    assert.equal(seen.INVALID_VERSION, 'warning');
    assert.equal(after.status, Object.values(seen).includes('error') ? 1 : 0);
    assert.equal(after.stderr, '');
  });

  test('.iam-irsa.json in the working directory is read without --config; --config wins over it', () => {
    const dir = workspace({
      'policy.json': TEAM_B,
      '.iam-irsa.json': { checks: { INVALID_EFFECT: 'hint' } },
      'other.json': { checks: { INVALID_EFFECT: 'warning' } },
    });
    assert.equal(codes(lintJson(['.'], dir).report, 'policy.json').INVALID_EFFECT, 'hint');
    assert.equal(codes(lintJson(['--config', 'other.json', '.'], dir).report, 'policy.json').INVALID_EFFECT, 'warning');
    // Only the working directory's: run from a subfolder, the file one level up is not read.
    mkdirSync(path.join(dir, 'sub'));
    assert.equal(codes(lintJson(['../policy.json'], path.join(dir, 'sub')).report, '../policy.json').INVALID_EFFECT, 'error');
  });

  test('policyKinds: a file pinned by glob is checked as a policy even without a Statement', () => {
    // Not a policy by its content (no Statement, no policy Version): unpinned, iam-irsa leaves it alone.
    const notAPolicy = '{"Name": "app",}';
    const dir = workspace({
      'iam/trust/app.json': notAPolicy,
      'other/app.json': notAPolicy,
      '.iam-irsa.json': { policyKinds: { 'iam/trust/*.json': 'trust' }, checks: { JSON_SYNTAX_ERROR: 'warning' } },
    });
    const { report } = lintJson(['.'], dir);
    assert.deepEqual(codes(report, 'other/app.json'), {});
    assert.equal(codes(report, 'iam/trust/app.json').JSON_SYNTAX_ERROR, 'warning');
  });

  test('exclude: excluded files are neither walked nor listed; a named excluded file is skipped with a note', () => {
    const dir = workspace({
      'vendor/lib/policy.json': BAD_EFFECT,
      'nested/vendor/policy.json': BAD_EFFECT,
      'templates/role.template.json': BAD_EFFECT,
      'iam/policy.json': BAD_EFFECT,
      '.iam-irsa.json': { exclude: ['vendor/**', '**/*.template.json'] },
    });
    const all = lintJson(['.'], dir);
    assert.equal(all.status, 1);
    assert.deepEqual(all.report.files, ['.iam-irsa.json', 'iam/policy.json']);
    assert.deepEqual(
      all.report.diagnostics.map((d) => [d.file, d.code]),
      [['iam/policy.json', 'INVALID_EFFECT']],
    );

    const named = lintJson(['vendor/lib/policy.json', 'templates/role.template.json'], dir);
    assert.equal(named.status, 0);
    assert.deepEqual(named.report, { version: 1, files: [], diagnostics: [] });
    assert.equal(
      named.stderr,
      'iam-irsa: note: vendor/lib/policy.json is not checked: it matches "vendor/**" of "exclude" in .iam-irsa.json\n' +
        'iam-irsa: note: templates/role.template.json is not checked: it matches "**/*.template.json" of "exclude" in .iam-irsa.json\n',
    );
  });

  test('config errors: exit 2, nothing on stdout, the file and the problem on stderr', () => {
    const dir = workspace({
      'policy.json': TEAM_B,
      'broken.json': '{"checks": {',
      'list.json': '[]',
      'typo.json': { check: { INVALID_ACTION: 'off' } },
      'bad-values.json': { checks: { NOT_A_CHECK: 'off', INVALID_ACTION: 'loud' }, policyKinds: { '*.json': 'scp' }, exclude: 'vendor', trustPolicyQuota: -1 },
      'a-folder/x': '',
    });
    const cases: [string[], RegExp][] = [
      [['--config', 'missing.json'], /^iam-irsa: missing\.json: the config file cannot be read \(no such file\)\n$/],
      [['--config', 'a-folder'], /^iam-irsa: a-folder: the config file cannot be read \(a directory\)\n$/],
      [['--config', 'broken.json'], /^iam-irsa: broken\.json: the config file is not valid JSON \(.+\)\n$/],
      [['--config', 'list.json'], /^iam-irsa: list\.json: the config file must hold a JSON object/],
      [['--config', 'typo.json'], /^iam-irsa: typo\.json: "check" is not an option \(options: checks, policyKinds, exclude, trustPolicyQuota\)\n$/],
    ];
    for (const [args, expected] of cases) {
      const { status, stdout, stderr } = cli(['lint', ...args, 'policy.json'], dir);
      assert.equal(status, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, expected);
    }
    const { status, stderr } = cli(['lint', '--config', 'bad-values.json', 'policy.json'], dir);
    assert.equal(status, 2);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 5, stderr);
    assert.ok(
      lines.every((line) => line.startsWith('iam-irsa: bad-values.json: "')),
      stderr,
    );
    for (const fragment of [
      'unknown check code "NOT_A_CHECK"',
      '"loud" is not one of',
      '"scp" is not one of identity, trust, resource',
      '"exclude" must be an array',
      '"trustPolicyQuota" must be a positive',
    ]) {
      assert.ok(stderr.includes(fragment), fragment);
    }
  });

  test('an invalid .iam-irsa.json found by default is an error too', () => {
    const dir = workspace({ 'policy.json': TEAM_B, '.iam-irsa.json': '{"checks": {"INVALID_EFFECT": "of"}}' });
    const { status, stdout, stderr } = cli(['lint', 'policy.json'], dir);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'iam-irsa: .iam-irsa.json: "checks.INVALID_EFFECT": "of" is not one of error, warning, information, hint, off\n');
  });
});
