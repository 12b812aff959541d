import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseDocument } from '../../server/src/service/parse/document';
import { findHelmRoleArns, findServiceAccounts, findWorkloads, parseRoleArn } from '../../server/src/service/parse/kubernetes';
import { parseYaml } from '../../server/src/service/parse/yaml';
import { marked, seen, validate } from '../support/service';

/** Section J's codes: K8S_YAML_SYNTAX has its tests in discovery.test.ts. */
const OWN = new Set([
  'K8S_SA_NAME',
  'K8S_NAMESPACE_NAME',
  'K8S_ANNOTATION_NOT_STRING',
  'IRSA_ANNOTATION_KEY_TYPO',
  'IRSA_ROLE_ARN_FORMAT',
  'IRSA_TOKEN_EXPIRATION',
  'IRSA_STS_REGIONAL_ENDPOINTS',
  'IRSA_PRESET_ENV',
]);

/** Asserts that `code` is reported exactly on the ranges marked «…» of a YAML document; returns those diagnostics. */
async function expectYamlCode(source: string, code: string) {
  const { actual, expected, diagnostics } = await seen(source, 'yaml');
  assert.deepEqual(
    actual.filter((a) => a.code === code),
    expected.map((r) => ({ code, ...r })),
    `${code} on ${JSON.stringify(marked(source).text)}`,
  );
  return diagnostics.filter((d) => d.code === code);
}

/** Asserts that none of section J's codes is reported on `text` (a fixed twin, or something that is fine). */
async function expectClean(text: string): Promise<void> {
  const diagnostics = (await validate(text, 'yaml')).filter((d) => OWN.has(String(d.code)));
  assert.deepEqual(
    diagnostics.map((d) => `${d.code}: ${d.message}`),
    [],
    JSON.stringify(text),
  );
}

/** A fixture with several codes: `[[n:text]]` marks text for the n-th code; `only(fixture, n)` keeps those marks as «…». */
function only(fixture: string, n: number): string {
  return fixture.replace(/\[\[(\d+):([^\]]*)\]\]/g, (_, i: string, text: string) => (Number(i) === n ? `«${text}»` : text));
}

const replacements = (d: { data?: unknown }) => (d.data as { replacements?: string[] } | undefined)?.replacements;

const serviceAccount = (metadata: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n${metadata}`;
const annotated = (annotations: string) => serviceAccount(`  name: app\n  namespace: team-a\n  annotations:\n${annotations}`);
const roleArn = (value: string) => annotated(`    eks.amazonaws.com/role-arn: ${value}\n`);

const deployment = (podSpec: string, template = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
${template}    spec:
${podSpec}`;

const container = (env: string) => `      containers:
      - name: app
        image: app:1
        env:
${env}`;

describe('K8S_SA_NAME', () => {
  test('a name that is not a DNS-1123 subdomain, with the obvious fix', async () => {
    const [d] = await expectYamlCode(serviceAccount('  name: «Dev_Team_A»\n'), 'K8S_SA_NAME');
    assert.deepEqual(replacements(d), ['dev-team-a']);
    assert.match(String(d.message), /"Dev_Team_A" has upper-case letters: it must be a DNS-1123 subdomain .*did you mean "dev-team-a"\?/);
    await expectClean(serviceAccount('  name: dev-team-a\n'));
    await expectClean(serviceAccount('  name: dev-team-a.v2\n'));
  });
  test('no fix when the repair is not obvious', async () => {
    const [d] = await expectYamlCode(serviceAccount('  name: «-team»\n'), 'K8S_SA_NAME');
    assert.equal(replacements(d), undefined);
    const long = 'a'.repeat(254);
    const [tooLong] = await expectYamlCode(serviceAccount(`  name: «${long}»\n`), 'K8S_SA_NAME');
    assert.match(String(tooLong.message), /254 characters long/);
    await expectClean(serviceAccount(`  name: ${'a'.repeat(253)}\n`));
  });
  test('a missing name: on the metadata key, or on the kind when there is no metadata', async () => {
    await expectYamlCode('apiVersion: v1\nkind: ServiceAccount\n«metadata»:\n  namespace: team-a\n', 'K8S_SA_NAME');
    await expectYamlCode('apiVersion: v1\nkind: «ServiceAccount»\n', 'K8S_SA_NAME');
    await expectYamlCode(serviceAccount('  «name»: ""\n'), 'K8S_SA_NAME');
    await expectClean(serviceAccount('  generateName: app-\n'));
  });
  test('a number is not a string: quote it', async () => {
    const [d] = await expectYamlCode(serviceAccount('  name: «2024»\n'), 'K8S_SA_NAME');
    assert.deepEqual(replacements(d), ['"2024"']);
    await expectClean(serviceAccount('  name: "2024"\n'));
  });
  test('a quoted name is marked inside its quotes', async () => {
    await expectYamlCode(serviceAccount('  name: "«My.App»"\n'), 'K8S_SA_NAME');
  });
  test("a workload's serviceAccountName (or deprecated serviceAccount) must be a valid name too", async () => {
    const [d] = await expectYamlCode(deployment('      serviceAccountName: «Web_SA»\n'), 'K8S_SA_NAME');
    assert.match(String(d.message), /^serviceAccountName "Web_SA" .*rejects the Deployment/);
    await expectYamlCode(deployment('      serviceAccount: «Web_SA»\n'), 'K8S_SA_NAME');
    await expectClean(deployment('      serviceAccountName: web-sa\n'));
  });
  test('placeholders filled in before apply are not judged', async () => {
    await expectClean(serviceAccount('  name: ${SERVICE_ACCOUNT}\n  namespace: $(NAMESPACE)\n'));
  });
});

describe('K8S_NAMESPACE_NAME', () => {
  test('a namespace that is not a DNS-1123 label, with the obvious fix', async () => {
    const [d] = await expectYamlCode(serviceAccount('  name: app\n  namespace: «Team_A»\n'), 'K8S_NAMESPACE_NAME');
    assert.deepEqual(replacements(d), ['team-a']);
    await expectClean(serviceAccount('  name: app\n  namespace: team-a\n'));
  });
  test('a dot is fine in a name, not in a namespace', async () => {
    const [d] = await expectYamlCode(serviceAccount('  name: app.v1\n  namespace: «team.a»\n'), 'K8S_NAMESPACE_NAME');
    assert.match(String(d.message), /has "\."/);
    await expectYamlCode(serviceAccount(`  name: app\n  namespace: «${'a'.repeat(64)}»\n`), 'K8S_NAMESPACE_NAME');
    await expectClean(serviceAccount(`  name: app\n  namespace: ${'a'.repeat(63)}\n`));
  });
  test('on workloads too', async () => {
    const text = deployment('      serviceAccountName: web\n').replace('namespace: team-a', 'namespace: «Team-A»');
    await expectYamlCode(text, 'K8S_NAMESPACE_NAME');
    await expectClean(deployment('      serviceAccountName: web\n'));
  });
});

describe('K8S_ANNOTATION_NOT_STRING', () => {
  test('booleans and numbers: quote them', async () => {
    const diagnostics = await expectYamlCode(
      annotated('    eks.amazonaws.com/sts-regional-endpoints: «true»\n    eks.amazonaws.com/token-expiration: «3600»\n'),
      'K8S_ANNOTATION_NOT_STRING',
    );
    assert.deepEqual(diagnostics.map(replacements), [['"true"'], ['"3600"']]);
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
    await expectClean(annotated('    eks.amazonaws.com/sts-regional-endpoints: "true"\n    eks.amazonaws.com/token-expiration: "3600"\n'));
  });
  test('YAML 1.1 booleans, as Kubernetes reads them, and other number forms', async () => {
    const [d] = await expectYamlCode(
      annotated('    example.com/enabled: «yes»\n    example.com/off: «off»\n    example.com/hex: «0x1F»\n    example.com/float: «1e3»\n'),
      'K8S_ANNOTATION_NOT_STRING',
    );
    assert.match(String(d.message), /YAML 1\.1/);
    await expectClean(
      annotated('    example.com/enabled: "yes"\n    example.com/word: yesterday\n    example.com/version: v1.2\n    example.com/date: 2024-01-01\n'),
    );
  });
  test('null is a Warning; an empty value is marked on its key', async () => {
    const diagnostics = await expectYamlCode(annotated('    example.com/a: «~»\n    «example.com/b»:\n'), 'K8S_ANNOTATION_NOT_STRING');
    assert.deepEqual(
      diagnostics.map((d) => d.severity),
      [DiagnosticSeverity.Warning, DiagnosticSeverity.Warning],
    );
    assert.deepEqual(replacements(diagnostics[0]), ['""']);
    await expectClean(annotated('    example.com/a: ""\n    example.com/b: \'\'\n'));
  });
  test('a mapping or list value, on its key', async () => {
    await expectYamlCode(annotated('    «example.com/a»: {x: y}\n    «example.com/b»: [1]\n'), 'K8S_ANNOTATION_NOT_STRING');
  });
  test("on a workload's metadata and its pod template, not on other kinds", async () => {
    const text = deployment('      serviceAccountName: web\n', '      annotations:\n        eks.amazonaws.com/token-expiration: «3600»\n').replace(
      'namespace: team-a\n',
      'namespace: team-a\n  annotations:\n    deployment.kubernetes.io/revision: «3»\n',
    );
    await expectYamlCode(text, 'K8S_ANNOTATION_NOT_STRING');
    await expectClean(`${serviceAccount('  name: app\n')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    a: true\n`);
  });
});

describe('IRSA_ANNOTATION_KEY_TYPO', () => {
  const typos = [
    'eks.amazon.com/role-arn',
    'eks.amazonaws.com/rolearn',
    'eks.amazonaws.com/role_arn',
    'eks.amazonaws.com/role-arns',
    'eks.amazonaws.com/Role-Arn',
    'eks.amazonws.com/role-arn',
    'eks.amazonaws.com.cn/role-arn',
    'role-arn',
  ];
  for (const key of typos) {
    test(`${key} → eks.amazonaws.com/role-arn`, async () => {
      const [d] = await expectYamlCode(annotated(`    «${key}»: arn:aws:iam::111122223333:role/App\n`), 'IRSA_ANNOTATION_KEY_TYPO');
      assert.deepEqual(replacements(d), ['eks.amazonaws.com/role-arn']);
      assert.match(String(d.message), /did you mean "eks\.amazonaws\.com\/role-arn"\?.*no IAM role/);
    });
  }
  test('the other webhook keys', async () => {
    const diagnostics = await expectYamlCode(
      annotated(
        '    «eks.amazonaws.com/audiance»: sts.amazonaws.com\n    «eks.amazonaws.com/sts-regional-endpoint»: "true"\n    «eks.amazonaws.com/token_expiration»: "3600"\n',
      ),
      'IRSA_ANNOTATION_KEY_TYPO',
    );
    assert.deepEqual(diagnostics.map(replacements), [
      ['eks.amazonaws.com/audience'],
      ['eks.amazonaws.com/sts-regional-endpoints'],
      ['eks.amazonaws.com/token-expiration'],
    ]);
  });
  test("real annotations that are not the webhook's are left alone", async () => {
    await expectClean(
      annotated(
        '    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/App\n' +
          '    eks.amazonaws.com/audience: sts.amazonaws.com\n' +
          '    eks.amazonaws.com/compute-type: fargate\n' +
          '    eks.amazonaws.com/nodegroup: ng-1\n' +
          '    eks.amazonaws.com/capacityType: SPOT\n' +
          '    eks.amazonaws.com/endpoint-url: https://sts.example.com\n' +
          '    iam.amazonaws.com/role: App\n' +
          '    audience: internal\n' +
          '    example.com/role-arn-owner: team-a\n',
      ),
    );
  });
  test("another tool's keys under a domain that merely contains the webhook's or amazon's are not typos", async () => {
    await expectClean(
      annotated(
        '    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/App\n' +
          '    testing.eks.amazonaws.com/serviceAccount/token-expiration: "3600"\n' +
          '    testing.eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/Test\n' +
          '    amazonaws-tools.example.com/role-arn: team-a\n' +
          '    iam.amazonaws.com/role: App\n',
      ),
    );
    // A near-miss domain with a near-miss name is still one.
    const [d] = await expectYamlCode(annotated('    «eks.amazonws.com/token_expiraton»: "3600"\n'), 'IRSA_ANNOTATION_KEY_TYPO');
    assert.deepEqual(replacements(d), ['eks.amazonaws.com/token-expiration']);
  });
  test('on pod templates, only the keys the webhook reads on pods', async () => {
    const template =
      '      annotations:\n        «eks.amazonaws.com/token-expiraton»: "3600"\n        «eks.amazonaws.com/skip-container»: sidecar\n        eks.amazonaws.com/rolearn: x\n';
    const diagnostics = await expectYamlCode(deployment('      serviceAccountName: web\n', template), 'IRSA_ANNOTATION_KEY_TYPO');
    assert.deepEqual(diagnostics.map(replacements), [['eks.amazonaws.com/token-expiration'], ['eks.amazonaws.com/skip-containers']]);
  });
  test('the fixed twin is clean', async () => {
    await expectClean(annotated('    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/App\n'));
  });
});

describe('IRSA_ROLE_ARN_FORMAT', () => {
  test('ARNs of other IAM resources', async () => {
    for (const value of ['arn:aws:iam::111122223333:policy/AppPolicy', 'arn:aws:iam::111122223333:user/app', 'arn:aws:iam::111122223333:group/apps']) {
      const [d] = await expectYamlCode(roleArn(`«${value}»`), 'IRSA_ROLE_ARN_FORMAT');
      assert.match(String(d.message), /is the ARN of an? (managed policy|IAM user|IAM group), not of a role/);
      assert.equal(replacements(d), undefined);
    }
  });
  test('an instance profile and an STS session name their role: fix', async () => {
    const [profile] = await expectYamlCode(roleArn('«arn:aws:iam::111122223333:instance-profile/App»'), 'IRSA_ROLE_ARN_FORMAT');
    assert.deepEqual(replacements(profile), ['arn:aws:iam::111122223333:role/App']);
    const [session] = await expectYamlCode(roleArn('«arn:aws:sts::111122223333:assumed-role/App/i-0abc»'), 'IRSA_ROLE_ARN_FORMAT');
    assert.deepEqual(replacements(session), ['arn:aws:iam::111122223333:role/App']);
    assert.match(String(session.message), /assumed-role/);
  });
  test('a bare role name: no fix, the message says what to write', async () => {
    const [d] = await expectYamlCode(roleArn('«DevTeamARole»'), 'IRSA_ROLE_ARN_FORMAT');
    assert.equal(replacements(d), undefined);
    assert.match(String(d.message), /is a role name.*arn:aws:iam::<12-digit account>:role\/DevTeamARole/);
  });
  test('a wrong partition, region, account or resource type', async () => {
    const cases: [string, string | undefined][] = [
      ['arn:amazon:iam::111122223333:role/App', 'arn:aws:iam::111122223333:role/App'],
      ['arn:aws-china:iam::111122223333:role/App', 'arn:aws-cn:iam::111122223333:role/App'],
      ['arn:aws:iam:us-east-1:111122223333:role/App', 'arn:aws:iam::111122223333:role/App'],
      ['arn:aws:iam::1111-2222-3333:role/App', 'arn:aws:iam::111122223333:role/App'],
      ['arn:aws:iam::11112222333:role/App', undefined],
      ['arn:aws:iam::111122223333:Role/App', 'arn:aws:iam::111122223333:role/App'],
      ['arn:aws:iam::111122223333:App', 'arn:aws:iam::111122223333:role/App'],
      ['arn:aws:iam::111122223333:role/', undefined],
      ['arn:aws:iam::111122223333:role/team/', undefined],
      [`arn:aws:iam::111122223333:role/${'a'.repeat(65)}`, undefined],
      ['arn:aws:s3:::app-bucket', undefined],
      ['arn:aws:iam::111122223333', undefined],
    ];
    for (const [value, fixed] of cases) {
      const [d] = await expectYamlCode(roleArn(`«${value}»`), 'IRSA_ROLE_ARN_FORMAT');
      assert.deepEqual(replacements(d), fixed ? [fixed] : undefined, value);
    }
  });
  test('a URL, quoted values and white space', async () => {
    await expectYamlCode(roleArn('«https://console.aws.amazon.com/iam/home#/roles/App»'), 'IRSA_ROLE_ARN_FORMAT');
    const [d] = await expectYamlCode(roleArn('"«arn:aws:iam::111122223333:role/App »"'), 'IRSA_ROLE_ARN_FORMAT');
    assert.deepEqual(replacements(d), ['arn:aws:iam::111122223333:role/App']);
  });
  test('valid ARNs, with a path and in other partitions, and placeholders', async () => {
    for (const value of [
      'arn:aws:iam::111122223333:role/App',
      'arn:aws:iam::111122223333:role/team-a/App+Role=1,x.y@z_w-v',
      'arn:aws-cn:iam::111122223333:role/App',
      '"arn:aws-us-gov:iam::111122223333:role/a/b/App"',
      'arn:aws:iam::${AWS_ACCOUNT_ID}:role/App',
      '$(ROLE_ARN)',
      '""',
    ]) {
      await expectClean(roleArn(value));
    }
  });
});

describe('IRSA_TOKEN_EXPIRATION', () => {
  test('below 600, above 86400, not a number', async () => {
    const [low] = await expectYamlCode(annotated('    eks.amazonaws.com/token-expiration: "«300»"\n'), 'IRSA_TOKEN_EXPIRATION');
    assert.deepEqual(replacements(low), ['600']);
    assert.match(String(low.message), /raises it to 600/);
    const [high] = await expectYamlCode(annotated('    eks.amazonaws.com/token-expiration: "«172800»"\n'), 'IRSA_TOKEN_EXPIRATION');
    assert.deepEqual(replacements(high), ['86400']);
    const [unit] = await expectYamlCode(annotated('    eks.amazonaws.com/token-expiration: "«1h»"\n'), 'IRSA_TOKEN_EXPIRATION');
    assert.deepEqual(replacements(unit), ['3600']);
    const [words] = await expectYamlCode(annotated('    eks.amazonaws.com/token-expiration: «one day»\n'), 'IRSA_TOKEN_EXPIRATION');
    assert.equal(replacements(words), undefined);
    assert.equal(words.severity, DiagnosticSeverity.Warning);
  });
  test('a plain number out of range gets a quoted fix (and K8S_ANNOTATION_NOT_STRING)', async () => {
    const [d] = await expectYamlCode(annotated('    eks.amazonaws.com/token-expiration: «60»\n'), 'IRSA_TOKEN_EXPIRATION');
    assert.deepEqual(replacements(d), ['"600"']);
  });
  test('also on pods and pod templates', async () => {
    await expectYamlCode(
      deployment('      serviceAccountName: web\n', '      annotations:\n        eks.amazonaws.com/token-expiration: "«100»"\n'),
      'IRSA_TOKEN_EXPIRATION',
    );
    await expectYamlCode(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    eks.amazonaws.com/token-expiration: "«10»"\nspec:\n  containers: []\n',
      'IRSA_TOKEN_EXPIRATION',
    );
  });
  test('the fixed twins', async () => {
    for (const value of ['"600"', '"3600"', '"86400"']) await expectClean(annotated(`    eks.amazonaws.com/token-expiration: ${value}\n`));
    await expectClean(deployment('      serviceAccountName: web\n', '      annotations:\n        eks.amazonaws.com/token-expiration: "3600"\n'));
  });
});

describe('IRSA_STS_REGIONAL_ENDPOINTS', () => {
  test('a value strconv.ParseBool rejects', async () => {
    const [d] = await expectYamlCode(annotated('    eks.amazonaws.com/sts-regional-endpoints: "«yes»"\n'), 'IRSA_STS_REGIONAL_ENDPOINTS');
    assert.deepEqual(replacements(d), ['true']);
    // A plain scalar's fix is quoted, or it would be a YAML boolean.
    const [regional] = await expectYamlCode(annotated('    eks.amazonaws.com/sts-regional-endpoints: «regional»\n'), 'IRSA_STS_REGIONAL_ENDPOINTS');
    assert.deepEqual(replacements(regional), ['"true"']);
    const [legacy] = await expectYamlCode(annotated('    eks.amazonaws.com/sts-regional-endpoints: «legacy»\n'), 'IRSA_STS_REGIONAL_ENDPOINTS');
    assert.deepEqual(replacements(legacy), ['"false"']);
    const [other] = await expectYamlCode(annotated('    eks.amazonaws.com/sts-regional-endpoints: "«maybe»"\n'), 'IRSA_STS_REGIONAL_ENDPOINTS');
    assert.equal(replacements(other), undefined);
  });
  test('a plain yes gets a quoted fix', async () => {
    const [d] = await expectYamlCode(annotated('    eks.amazonaws.com/sts-regional-endpoints: «yes»\n'), 'IRSA_STS_REGIONAL_ENDPOINTS');
    assert.deepEqual(replacements(d), ['"true"']);
  });
  test("everything Go's strconv.ParseBool accepts is fine", async () => {
    for (const value of ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']) {
      await expectClean(annotated(`    eks.amazonaws.com/sts-regional-endpoints: "${value}"\n`));
    }
  });
});

describe('IRSA_PRESET_ENV', () => {
  test("a container or init container that sets the webhook's variables, on the name", async () => {
    const text = deployment(
      '      serviceAccountName: web\n      initContainers:\n      - name: init\n        env:\n        - name: «AWS_WEB_IDENTITY_TOKEN_FILE»\n          value: /token\n' +
        container('        - {name: «AWS_ROLE_ARN», value: "arn:aws:iam::111122223333:role/App"}\n        - name: AWS_REGION\n          value: us-east-1\n'),
    );
    const diagnostics = await expectYamlCode(text, 'IRSA_PRESET_ENV');
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Warning);
    assert.match(String(diagnostics[1].message), /sets AWS_ROLE_ARN itself/);
  });
  test('a pod the webhook has already mutated (kubectl get pod -o yaml) is left alone; a preset without its token volume is not', async () => {
    const mutated = (mountPath: string, volumes: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web-7c9f8d6b5-x2k4q
  namespace: team-a
spec:
  serviceAccountName: web
  containers:
  - name: app
    image: app:1
    env:
    - name: AWS_REGION
      value: eu-west-1
    - name: «AWS_ROLE_ARN»
      value: arn:aws:iam::111122223333:role/Web
    - name: «AWS_WEB_IDENTITY_TOKEN_FILE»
      value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-8xq2n
      readOnly: true
    - mountPath: ${mountPath}
      name: aws-iam-token
      readOnly: true
  volumes:
${volumes}  - name: kube-api-access-8xq2n
    projected:
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
`;
    const tokenVolume = `  - name: aws-iam-token
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          audience: sts.amazonaws.com
          expirationSeconds: 86400
          path: token
`;
    await expectClean(marked(mutated('/var/run/secrets/eks.amazonaws.com/serviceaccount', tokenVolume)).text);
    // The same variables without the projected volume, or with it mounted elsewhere, are still preset by hand.
    await expectYamlCode(mutated('/var/run/secrets/eks.amazonaws.com/serviceaccount', ''), 'IRSA_PRESET_ENV');
    await expectYamlCode(mutated('/tmp/token', tokenVolume), 'IRSA_PRESET_ENV');
    // A sidecar of a mutated pod that sets AWS_ROLE_ARN alone is flagged.
    const sidecar = mutated('/var/run/secrets/eks.amazonaws.com/serviceaccount', tokenVolume)
      .replace(/«|»/g, '')
      .replace(
        '  volumes:\n',
        '  - name: sidecar\n    image: sidecar:1\n    env:\n    - name: «AWS_ROLE_ARN»\n      value: arn:aws:iam::111122223333:role/Other\n  volumes:\n',
      );
    await expectYamlCode(sidecar, 'IRSA_PRESET_ENV');
  });
  test('the fixed twin: the webhook sets them', async () => {
    await expectClean(deployment('      serviceAccountName: web\n' + container('        - name: AWS_REGION\n          value: us-east-1\n')));
  });
});

describe('manifests as they come', () => {
  test('a multi-document file: each object is checked in its own document', async () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Config_Map\n  annotations: {a: true}\n',
      serviceAccount('  name: «App_SA»\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/App\n'),
      deployment('      serviceAccountName: «App_SA»\n'),
    ].join('---\n');
    await expectYamlCode(text, 'K8S_SA_NAME');
  });
  test('a kind: List', async () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: app
    annotations:
      [[1:eks.amazonaws.com/rolearn]]: arn:aws:iam::111122223333:role/App
- apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    serviceAccountName: app
    containers: [{name: c, env: [{name: [[2:AWS_ROLE_ARN]], value: x}]}]
`;
    await expectYamlCode(only(text, 1), 'IRSA_ANNOTATION_KEY_TYPO');
    await expectYamlCode(only(text, 2), 'IRSA_PRESET_ENV');
  });
  test('a CronJob: the pod template is one level deeper', async () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: [[1:Batch_Jobs]]
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            eks.amazonaws.com/token-expiration: "[[2:60]]"
        spec:
          serviceAccountName: nightly
          restartPolicy: Never
          containers:
          - name: job
            image: job:1
            env:
            - name: [[3:AWS_WEB_IDENTITY_TOKEN_FILE]]
              value: /t
`;
    await expectYamlCode(only(text, 1), 'K8S_NAMESPACE_NAME');
    await expectYamlCode(only(text, 2), 'IRSA_TOKEN_EXPIRATION');
    await expectYamlCode(only(text, 3), 'IRSA_PRESET_ENV');
  });
  test('Helm values: role ARNs and keys under serviceAccount.annotations, top level or under a subchart', async () => {
    const text = `replicaCount: 2
serviceAccount:
  create: true
  annotations:
    eks.amazonaws.com/role-arn: [[1:my-app-role]]
    eks.amazonaws.com/sts-regional-endpoints: true
external-dns:
  serviceAccount:
    annotations:
      [[2:eks.amazon.com/role-arn]]: arn:aws:iam::111122223333:role/ExternalDns
aws-load-balancer-controller:
  serviceAccount:
    annotations:
      eks.amazonaws.com/role-arn: [[1:arn:aws:iam::111122223333:policy/Lbc]]
`;
    const diagnostics = await expectYamlCode(only(text, 1), 'IRSA_ROLE_ARN_FORMAT');
    assert.equal(diagnostics.length, 2);
    await expectYamlCode(only(text, 2), 'IRSA_ANNOTATION_KEY_TYPO');
    // How a value is rendered is the chart template's business: no K8S_ANNOTATION_NOT_STRING here.
    await expectYamlCode(only(text, 0), 'K8S_ANNOTATION_NOT_STRING');
    await expectClean('serviceAccount:\n  create: true\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/App\n');
    await expectClean('serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: ""\n');
  });
  test("Helm values without the webhook's annotations are not ours", async () => {
    assert.equal(parseDocument('serviceAccount:\n  create: true\n  annotations: {}\nimage:\n  tag: "1.0"\n', 'yaml').kind, 'other');
    assert.equal(parseDocument('serviceAccount:\n  annotations:\n    example.com/team: a\n', 'yaml').kind, 'other');
  });
  test('a Helm template is skipped entirely, typos and all', async () => {
    const template = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "app.fullname" . }}
  namespace: Team_A
  annotations:
    eks.amazon.com/role-arn: {{ .Values.roleArn }}
    eks.amazonaws.com/sts-regional-endpoints: true
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      serviceAccountName: App_SA
      containers: [{name: c, env: [{name: AWS_ROLE_ARN, value: x}]}]
`;
    assert.deepEqual(await validate(template, 'yaml'), []);
  });
  test('the working examples are clean', async () => {
    const examples = path.resolve(__dirname, '..', '..', '..', 'examples');
    for (const folder of ['working', 'broken']) {
      const text = readFileSync(path.join(examples, folder, 'service-accounts.yaml'), 'utf8');
      await expectClean(text);
    }
    assert.deepEqual(await validate(readFileSync(path.join(examples, 'working', 'service-accounts.yaml'), 'utf8'), 'yaml'), []);
  });
  test('a Deployment or ConfigMap with nothing of ours gets nothing', async () => {
    assert.deepEqual(
      await validate(deployment('      serviceAccountName: web\n' + container('        - name: LOG_LEVEL\n          value: debug\n')), 'yaml'),
      [],
    );
    assert.deepEqual(await validate('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Config\n  annotations: {a: true}\ndata:\n  k: v\n', 'yaml'), []);
    assert.deepEqual(await validate('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: [1\n', 'yaml'), []);
  });
});

describe('the Kubernetes model', () => {
  test('ServiceAccounts: the webhook annotations, the role ARN, whether the namespace was written', () => {
    const [explicit, implicit] = findServiceAccounts(
      parseYaml(`${roleArn('arn:aws:iam::111122223333:role/App')}    eks.amazonaws.com/audience: sts.amazonaws.com\n---\n${serviceAccount('  name: other\n')}`),
    );
    assert.equal(explicit.roleArn, 'arn:aws:iam::111122223333:role/App');
    assert.equal(explicit.podIdentity.audience?.key, 'eks.amazonaws.com/audience');
    assert.equal(explicit.podIdentity.tokenExpiration, undefined);
    assert.deepEqual([explicit.namespace, explicit.namespaceExplicit], ['team-a', true]);
    assert.deepEqual([implicit.namespace, implicit.namespaceExplicit, implicit.documentIndex], ['default', false, 1]);
  });
  test('workloads: kind, service account (default, deprecated alias), pod annotations and preset env', () => {
    const yaml = parseYaml(
      [
        deployment(
          '      serviceAccount: legacy\n' + container('        - name: AWS_ROLE_ARN\n          value: x\n'),
          '      annotations:\n        eks.amazonaws.com/token-expiration: "3600"\n',
        ),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n',
        'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, namespace: jobs}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccountName: cron\n',
      ].join('---\n'),
    );
    const [web, pod, cron] = findWorkloads(yaml);
    assert.deepEqual(
      [web.kind, web.name, web.namespace, web.namespaceExplicit, web.serviceAccountName, web.serviceAccountEntry?.key],
      ['Deployment', 'web', 'team-a', true, 'legacy', 'serviceAccount'],
    );
    assert.deepEqual(
      web.presetEnv.map((e) => e.key),
      ['name'],
    );
    assert.equal(web.podIdentity.tokenExpiration?.key, 'eks.amazonaws.com/token-expiration');
    assert.deepEqual(
      [pod.kind, pod.serviceAccountName, pod.serviceAccountEntry, pod.namespace, pod.namespaceExplicit],
      ['Pod', 'default', undefined, 'default', false],
    );
    assert.deepEqual([cron.kind, cron.serviceAccountName, cron.namespace], ['CronJob', 'cron', 'jobs']);
  });
  test('Helm role ARNs with their path in the values', () => {
    const arns = findHelmRoleArns(
      parseYaml(
        'serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: a\nsub:\n  serviceAccount:\n    annotations:\n      eks.amazonaws.com/role-arn: b\n',
      ),
    );
    assert.deepEqual(
      arns.map((a) => [a.path, a.value]),
      [
        [['serviceAccount'], 'a'],
        [['sub', 'serviceAccount'], 'b'],
      ],
    );
    assert.deepEqual(findHelmRoleArns(parseYaml('kind: ServiceAccount\nserviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: a\n')), []);
  });
  test('a file is ours with a ServiceAccount, a workload or Helm values for the webhook', () => {
    const file = parseDocument(deployment('      serviceAccountName: web\n'), 'yaml');
    assert.equal(file.kind, 'kubernetes');
    if (file.kind === 'kubernetes') assert.deepEqual([file.serviceAccounts.length, file.workloads.length, file.helmRoleArns.length], [0, 1, 0]);
    const values = parseDocument('serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/App\n', 'yaml');
    assert.equal(values.kind === 'kubernetes' && values.helmRoleArns[0].value, 'arn:aws:iam::111122223333:role/App');
  });
  test('role ARNs split into partition, account, path and name', () => {
    assert.deepEqual(parseRoleArn('arn:aws:iam::111122223333:role/team/a/App'), { partition: 'aws', account: '111122223333', path: '/team/a/', name: 'App' });
    assert.deepEqual(parseRoleArn('arn:aws-cn:iam::111122223333:role/App'), { partition: 'aws-cn', account: '111122223333', path: '/', name: 'App' });
    assert.equal(parseRoleArn('arn:aws:iam::111122223333:policy/App'), undefined);
    assert.equal(parseRoleArn('arn:aws:iam::111122223333:role/'), undefined);
  });
});
