// Access assertions checked by `iam-irsa lint`: test/fixtures/access-002/iam-irsa.access.yaml (our own
// file) over the seed article's Dev Team A/B workspace (test/fixtures/seed-002), and a workspace the
// test writes where the trust is fixed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cli, Contract, workspace } from './binary';
import { REPO_ROOT } from '../support/lspClient';

const ACCESS = 'test/fixtures/access-002/iam-irsa.access.yaml';

describe('iam-irsa lint with an access assertions file', () => {
  test('seed-002: each broken expectation is a finding on its line, exit 1', () => {
    const { status, stdout, stderr } = cli(['lint', '--format', 'json', 'test/fixtures/seed-002', 'test/fixtures/access-002']);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as Contract;
    assert.ok(report.files.includes(ACCESS));
    const access = report.diagnostics
      .filter((d) => d.file === ACCESS)
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`);
    assert.deepEqual(access, [
      '3:9 error ACCESS_EXPECTATION_FAILED',
      '3:23 error ACCESS_EXPECTATION_FAILED',
      '7:11 error ACCESS_EXPECTATION_FAILED',
      '14:8 error ACCESS_EXPECTATION_FAILED',
      '18:11 warning ACCESS_EXPECTATION_UNPROVEN',
      '20:19 error ACCESS_EXPECTATION_NO_MATCH',
    ]);
    const message = (line: number) => report.diagnostics.find((d) => d.file === ACCESS && d.range.start.line + 1 === line)!.message;
    // The seed's mistake: the role's policy allows it, but the trust does not admit the ServiceAccount.
    assert.match(message(3), /^default\/dev-team-a-sa cannot s3:GetObject on .*: its pods cannot assume role DevTeamARole/);
    assert.equal(
      message(7),
      'default/dev-team-a-sa can s3:DeleteObject on arn:aws:s3:::example-bucket/*: allowed by statement 1 of policy DevTeamAPolicy (dev-team-a-policy.json:4)',
    );
    assert.match(message(14), /cannot s3:ListBucket on arn:aws:s3:::example-bucket: no statement of role DevTeamARole allows it \(implicit deny\)/);
    assert.match(message(18), /no role found for default\/dev-team-b-sa in the files: the role DevTeamBRole is not defined in the workspace/);
  });

  test('stylish prints the findings under the access file; sarif carries them too', () => {
    const stylish = cli(['lint', 'test/fixtures/seed-002', ACCESS]);
    assert.equal(stylish.status, 1);
    const lines = stylish.stdout.split('\n');
    const at = lines.indexOf(ACCESS);
    assert.ok(at >= 0, stylish.stdout);
    assert.match(lines[at + 3], /^\s+7:11\s+error\s+default\/dev-team-a-sa can s3:DeleteObject .* ACCESS_EXPECTATION_FAILED$/);
    const sarif = JSON.parse(cli(['lint', '--format', 'sarif', 'test/fixtures/seed-002', ACCESS]).stdout);
    const rules = sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId);
    assert.ok(rules.includes('ACCESS_EXPECTATION_NO_MATCH') && rules.includes('ACCESS_EXPECTATION_FAILED'), rules.join());
  });

  test('a workspace whose expectations all hold: exit 0, no finding', () => {
    const seed = (file: string) => readFileSync(path.join(REPO_ROOT, 'test/fixtures/seed-002', file), 'utf8');
    const dir = workspace({
      'create-roles.sh': seed('create-roles.sh'),
      'dev-team-a-policy.json': seed('dev-team-a-policy.json'),
      // The article's fix: the trust names the ServiceAccount the manifest defines.
      'trust-policy.json': seed('trust-policy.json').replace('my-namespace:my-service-account', 'default:dev-team-a-sa'),
      'service-account.yaml':
        'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: dev-team-a-sa\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/DevTeamARole\n',
      'iam-irsa.access.yaml': [
        '- serviceAccount: default/dev-team-a-sa',
        '  can: [s3:GetObject, s3:PutObject]',
        '  on: arn:aws:s3:::example-bucket/reports/2026.csv',
        '- serviceAccount: default/*',
        '  cannot: [iam:*, s3:DeleteBucket]',
        '',
      ].join('\n'),
    });
    const { status, stdout } = cli(['lint', '--format', 'json', '.'], dir);
    const report = JSON.parse(stdout) as Contract;
    assert.deepEqual(
      report.diagnostics.filter((d) => d.code.startsWith('ACCESS_')),
      [],
    );
    assert.equal(status, report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    assert.equal(status, 0, stdout);
  });

  test('--help says lint checks access assertions files', () => {
    assert.match(cli(['--help']).stdout, /Access assertions files \(iam-irsa\.access\.yaml, \*\.access\.yaml/);
  });

  test('an invalid access file: ACCESS_FILE_INVALID, exit 1, nothing on stderr', () => {
    const dir = workspace({ 'team.access.yaml': 'serviceAccount: default/app\ncan: s3:GetObject\n' });
    const { status, stdout, stderr } = cli(['lint', '--format', 'json', '.'], dir);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as Contract;
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file} ${d.range.start.line + 1} ${d.code}`),
      ['team.access.yaml 1 ACCESS_FILE_INVALID'],
    );
  });
});
