import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CHECKS, DOCS_BASE_URL } from '../../server/src/service';
import { REPO_ROOT } from '../support/lspClient';
import { cli, workspace } from './binary';

// The official SARIF 2.1.0 JSON schema (draft-04), as shipped by Microsoft's SARIF SDK package; it
// cannot be fetched from schemastore.org at test time.
const SARIF_SCHEMA = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// Its language-tag pattern is not valid with the u flag ajv sets by default.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(SARIF_SCHEMA);

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string; index: number }; region: Region } }[];
}
interface Rule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}
interface Run {
  tool: { driver: { name: string; version: string; informationUri: string; rules: Rule[] } };
  invocations: {
    executionSuccessful: boolean;
    ruleConfigurationOverrides?: { descriptor: { id: string; index: number }; configuration: { level?: string; enabled?: boolean } }[];
  }[];
  originalUriBaseIds: Record<string, { uri: string }>;
  artifacts: { location: { uri: string; uriBaseId: string } }[];
  results: Result[];
}

function sarif(args: string[], cwd = REPO_ROOT): { status: number | null; run: Run; log: Record<string, unknown> } {
  const { status, stdout, stderr } = cli(['lint', '--format', 'sarif', ...args], cwd);
  assert.equal(stderr, '');
  const log = JSON.parse(stdout) as Record<string, unknown>;
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2));
  return { status, run: (log.runs as Run[])[0], log };
}

describe('iam-irsa lint --format sarif', () => {
  test('the SARIF schema in use rejects what it should', () => {
    const log = (result: object) => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [result] }] });
    const at = (artifactLocation: object, region: object) => ({ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation, region } }] });
    assert.ok(validateSarif(log(at({ uri: 'a%20b.json' }, { startLine: 1, startColumn: 1 }))));
    assert.equal(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validateSarif(log(at({ uri: 'a b.json' }, { startLine: 1 }))), false);
    assert.equal(validateSarif(log(at({ uri: 'a.json' }, { startLine: 0 }))), false);
    assert.equal(validateSarif(log({ ...at({ uri: 'a.json' }, { startLine: 1 }), level: 'information' })), false);
  });

  test('over examples/: valid SARIF 2.1.0, one run, exit 1', () => {
    const { status, log, run } = sarif(['examples/']);
    assert.equal(status, 1);
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal((log.runs as Run[]).length, 1);
    assert.equal(run.tool.driver.name, 'iam-irsa');
    assert.equal(run.tool.driver.version, JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(REPO_ROOT).href + '/' } });
    assert.ok(run.artifacts.some((a) => a.location.uri === 'examples/working/service-accounts.yaml'));
    for (const result of run.results) {
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.ok(result.locations[0].physicalLocation.artifactLocation.uri.startsWith('examples/broken/'));
    }
  });

  test('every check is a rule: title, docs link, default level', () => {
    const { run } = sarif(['examples/working']);
    const rules = run.tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      Object.keys(CHECKS),
    );
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    for (const rule of rules) {
      const check = CHECKS[rule.id as keyof typeof CHECKS];
      assert.deepEqual(rule, {
        id: check.code,
        shortDescription: { text: check.title },
        helpUri: `${DOCS_BASE_URL}${check.code}.md`,
        defaultConfiguration: { level: level[check.severity] },
      });
    }
  });

  test('INVALID_ACTION on dev-team-a-policy.json: 1-based region, exclusive end column, relative path', () => {
    const { status, run } = sarif(['examples/broken/dev-team-a-policy.json']);
    assert.equal(status, 1);
    const result = run.results.find((r) => r.ruleId === 'INVALID_ACTION');
    assert.deepEqual(result, {
      ruleId: 'INVALID_ACTION',
      ruleIndex: Object.keys(CHECKS).indexOf('INVALID_ACTION'),
      level: 'error',
      message: { text: '"GetObjct" is not an action of Amazon S3 (s3); did you mean "s3:GetObject"?' },
      locations: [
        {
          physicalLocation: {
            // "s3:GetObjct" without its quotes: line 9, columns 10 to 20.
            artifactLocation: { uri: 'examples/broken/dev-team-a-policy.json', uriBaseId: '%SRCROOT%', index: 0 },
            region: { startLine: 9, startColumn: 10, endLine: 9, endColumn: 21 },
          },
        },
      ],
    });
  });

  test('a clean run: no results, exit 0', () => {
    const { status, run } = sarif(['examples/working']);
    assert.equal(status, 0);
    assert.deepEqual(run.results, []);
    assert.equal(run.artifacts.length, 6);
  });

  test('paths are URI references relative to the working directory; config overrides are recorded', () => {
    const dir = workspace({
      'team a/dev policy #1.json': readFileSync(path.join(REPO_ROOT, 'examples/broken/dev-team-b-policy.json'), 'utf8'),
      'config.json': { checks: { INVALID_EFFECT: 'information', INVALID_VERSION: 'off' } },
    });
    const { status, run } = sarif(['--config', 'config.json', '.'], dir);
    assert.deepEqual(
      run.artifacts.map((a) => a.location.uri),
      ['config.json', 'team%20a/dev%20policy%20%231.json'],
    );
    const effect = run.results.find((r) => r.ruleId === 'INVALID_EFFECT');
    assert.equal(effect?.level, 'note');
    assert.equal(
      run.results.some((r) => r.ruleId === 'INVALID_VERSION'),
      false,
    );
    assert.equal(status, run.results.some((r) => r.level === 'error') ? 1 : 0);
    const index = (code: string) => Object.keys(CHECKS).indexOf(code);
    assert.deepEqual(run.invocations[0].ruleConfigurationOverrides, [
      { descriptor: { id: 'INVALID_EFFECT', index: index('INVALID_EFFECT') }, configuration: { level: 'note' } },
      { descriptor: { id: 'INVALID_VERSION', index: index('INVALID_VERSION') }, configuration: { enabled: false } },
    ]);
  });
});
