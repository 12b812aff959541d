import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service';
import { MAX_DOCUMENT_LENGTH, MAX_NESTING_DEPTH, MAX_SYNTAX_ERRORS } from '../../server/src/service/parse/sizeLimits';
import { parseYaml } from '../../server/src/service/parse/yaml';
import { cursorIn } from '../support/completion';
import { document, service } from '../support/service';

// The minimal cases of what the hostile-input protocol tests and the fuzzer found: each once made the
// service throw (a stack overflow), take the process down, or flood the editor.

const DEEP = 100_000;

/** Every feature at one offset: none may throw, whatever the text. */
function everyFeature(s: LanguageService, doc: TextDocument, offset: number): Diagnostic[] {
  const position = doc.positionAt(offset);
  const diagnostics = s.validate(doc);
  s.doComplete(doc, position);
  s.doHover(doc, position);
  s.getCodeActions(doc, { start: position, end: position }, diagnostics);
  s.findDefinition(doc, position);
  s.findCodeLenses(doc);
  s.findDocumentLinks(doc);
  return diagnostics;
}

const beyond = (diagnostics: Diagnostic[], doc: TextDocument) =>
  diagnostics.filter((d) => d.code === 'DOCUMENT_BEYOND_LIMITS').map((d) => doc.offsetAt(d.range.start));

describe('nesting past the limit', () => {
  test('a policy whose Statement opens 100,000 arrays: reported on the bracket past the limit, the rest checked', async () => {
    const s = await service();
    const prefix = '{"Version": "2012-10-17", "Statement": ';
    const doc = document(prefix + '['.repeat(DEEP));
    const diagnostics = everyFeature(s, doc, doc.getText().length - 1);
    // Statement's own bracket is level 2, so the one past the limit is MAX_NESTING_DEPTH - 1 further.
    assert.deepEqual(beyond(diagnostics, doc), [prefix.length + MAX_NESTING_DEPTH - 1]);
    assert.ok(
      diagnostics.some((d) => d.code === 'JSON_SYNTAX_ERROR'),
      'the unclosed brackets are still a syntax error',
    );
  });

  test('{"a": nested 100,000 times in a Condition, closed: the statement around it is still read', async () => {
    const s = await service();
    const deep = '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP);
    const doc = document(`{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${deep}}]}`);
    const diagnostics = everyFeature(s, doc, 200);
    assert.equal(beyond(diagnostics, doc).length, 1);
    assert.ok(
      diagnostics.some((d) => d.code === 'INVALID_EFFECT'),
      'checks before the deep value still run',
    );
  });

  test('completion after a value nested too deep still knows where the cursor is', async () => {
    const s = await service();
    const { text, offset } = cursorIn(`{"Version": "2012-10-17", "Statement": [{"Condition": ${'['.repeat(300)}${']'.repeat(300)}, "Effect": "|"}]}`);
    const doc = document(text);
    const labels = s.doComplete(doc, doc.positionAt(offset)).items.map((i) => i.label);
    assert.deepEqual(labels.sort(), ['Allow', 'Deny']);
  });

  test('a JSON file that is no policy gets nothing, however deep', async () => {
    const s = await service();
    const doc = document('['.repeat(DEEP) + ']'.repeat(DEEP));
    assert.deepEqual(everyFeature(s, doc, DEEP), []);
  });

  test('YAML flow collections 100,000 deep, parsed twice: the composer never recurses that far (V8 aborted the process)', () => {
    const text = 'a: ' + '['.repeat(DEEP) + ']'.repeat(DEEP);
    for (let i = 0; i < 2; i++) assert.deepEqual(parseYaml(text).tooDeep, [3 + MAX_NESTING_DEPTH - 1]);
  });

  test('a ServiceAccount whose annotations are nested past the limit, in flow and in block style', async () => {
    const s = await service();
    const head = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:';
    const flow = document(`${head} ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`, 'yaml');
    const block = document(`${head}\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 4)}k${i}:`).join('\n')} 1\n`, 'yaml');
    for (const doc of [flow, block]) {
      const diagnostics = everyFeature(s, doc, doc.getText().length >> 1);
      assert.equal(beyond(diagnostics, doc).length, 1, doc.getText().slice(0, 100));
      assert.ok(
        diagnostics.some((d) => d.code === 'K8S_ANNOTATION_NOT_STRING'),
        'the ServiceAccount is still checked',
      );
    }
  });

  test('block sequences 20,000 deep on one line, closed at once by the next line: the parser recursed once per level closed', async () => {
    const s = await service();
    const deep = `${'- '.repeat(20_000)}1\nnext: x\n`;
    const doc = document(
      `${deep}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: 5\n`,
      'yaml',
    );
    const diagnostics = everyFeature(s, doc, 100);
    assert.deepEqual(beyond(diagnostics, doc), [2 * MAX_NESTING_DEPTH]);
    assert.ok(
      diagnostics.some((d) => d.code === 'K8S_ANNOTATION_NOT_STRING'),
      'the ServiceAccount after it is still checked',
    );
  });

  test('many block structures too deep: each cut, the last ones all at once', () => {
    const text = Array.from({ length: 20 }, (_, i) => `k${i}:\n${'  - '.repeat(200)}1\n`).join('---\n');
    const parsed = parseYaml(text);
    assert.equal(parsed.tooDeep?.length, 9);
    // The ninth cut runs to the end of the text: the documents after it are not read.
    assert.equal(parsed.documents.length, 9);
  });

  test('an unclosed YAML flow sequence 100,000 deep: one syntax error, not one per level', async () => {
    const s = await service();
    const doc = document(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations: ${'['.repeat(DEEP)}`, 'yaml');
    const codes = s.validate(doc).map((d) => d.code);
    assert.equal(codes.filter((c) => c === 'K8S_YAML_SYNTAX').length, 1, codes.join());
  });

  test('Terraform jsonencode nested 100,000 deep: computed past the limit, no stack overflow', async () => {
    const s = await service();
    const text = `resource "aws_iam_policy" "p" {\n  policy = jsonencode({Version = "2012-10-17", Statement = ${'['.repeat(DEEP)}${']'.repeat(DEEP)}})\n}\n`;
    const doc = TextDocument.create('file:///test/deep.tf', 'terraform', 1, text);
    const diagnostics = everyFeature(s, doc, 60);
    assert.ok(
      diagnostics.some((d) => d.code === 'DATA_TYPE_MISMATCH'),
      diagnostics.map((d) => d.code).join(),
    );
  });

  test('Terraform: a dynamic block nested 1,000 deep, a module of 10,000 inputs, a locals cycle: read in time, no throw', { timeout: 20_000 }, async () => {
    const deep = `${'dynamic "statement" {\n  content {\n'.repeat(1000)}${'}\n}\n'.repeat(1000)}`;
    const inputs = Array.from({ length: 10_000 }, (_, i) => `  attach_p${i}_policy = true\n`).join('');
    const files: Record<string, string> = {
      'deep.tf': `data "aws_iam_policy_document" "trust" {\n${deep}}\nresource "aws_iam_role" "r" {\n  name = local.a\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n`,
      'module.tf': `module "irsa" {\n  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"\n  role_name = local.b\n${inputs}}\n`,
      'locals.tf': 'locals {\n  a = local.b\n  b = local.a\n}\n',
      'terraform.tfvars': 'a = "x"\n',
    };
    const s = await service();
    const started = Date.now();
    for (const [name, text] of Object.entries(files)) s.indexFile(`file:///test/${name}`, 'terraform', text);
    for (const [name, text] of Object.entries(files)) {
      const doc = TextDocument.create(`file:///test/${name}`, 'terraform', 1, text);
      assert.doesNotThrow(() => s.validate(doc), name);
    }
    assert.equal(s.index.get('file:///test/deep.tf')?.facts.roles[0]?.name, undefined);
    // Parsed within tree-sitter's budget (about 1 s here, more on a loaded machine: then not read at all), every input is read.
    const moduleRole = s.index.get('file:///test/module.tf')?.facts.roles[0];
    assert.ok(moduleRole === undefined || (moduleRole.permissions.length === 10_000 && moduleRole.name === undefined));
    assert.ok(Date.now() - started < 15_000, `${Date.now() - started} ms`);
  });

  test('shell command substitutions and Terraform braces 20,000 deep: the roles around them are still read', async () => {
    const s = await service();
    const create = 'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n';
    const documents = [
      TextDocument.create('file:///test/deep.sh', 'shellscript', 1, `${create}echo ${'$('.repeat(20_000)}\n`),
      TextDocument.create('file:///test/deep-closed.sh', 'shellscript', 1, `echo ${'$('.repeat(20_000)}${')'.repeat(20_000)}\n${create}`),
      TextDocument.create('file:///test/deep.tf', 'terraform', 1, `resource "aws_iam_role" "app" {\n  name = "AppRole"\n}\n${'{'.repeat(20_000)}`),
    ];
    for (const doc of documents) {
      everyFeature(s, doc, doc.getText().length - 1);
      assert.deepEqual(
        s.analyze(doc).facts.roles.map((r) => r.name),
        ['AppRole'],
        doc.uri,
      );
    }
  });

  // tree-sitter-bash recovers from each stray `)` in time proportional to those before it: 20,000 took 9 s.
  test('a script ending in 30,000 stray parentheses: given up on within the parse budget, not after half a minute', { timeout: 20_000 }, async () => {
    const s = await service();
    const doc = TextDocument.create('file:///test/parens.sh', 'shellscript', 1, `aws iam create-role --role-name AppRole\necho 1${')'.repeat(30_000)}\n`);
    assert.deepEqual(s.validate(doc), []);
    // Not parsed at all: its roles are not known either.
    assert.deepEqual(s.analyze(doc).facts.roles, []);
  });

  test(
    'heredocs: unterminated, 10,000 of them, one of 1 MB, one inside "$( nested 2,000 deep, ${X:-" 1,000 deep: read, and no crash',
    { timeout: 30_000 },
    async () => {
      const s = await service();
      const use = 'aws iam put-role-policy --role-name AppRole --policy-name P --policy-document file://p.json\n';
      const statement = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::$BUCKET/*"}';
      const big = `{"Version": "2012-10-17", "Statement": [${Array(Math.floor(1_000_000 / (statement.length + 2)))
        .fill(statement)
        .join(',\n')}]}`;
      const texts = {
        unterminated: `cat <<EOF > p.json\n{"Statement": [\n${use}`,
        many: `${'cat <<EOF > p.json\n{"Version": "2012-10-17", "Statement": []}\nEOF\n'.repeat(10_000)}${use}`,
        big: `cat <<'EOF' > p.json\n${big}\nEOF\n${use}`,
        // 11,000 expansions: finding where each stands rescanned the whole text (19 s).
        expanded: `cat <<EOF > p.json\n${big}\nEOF\n${use}`,
        nested: `X=${'"$('.repeat(2_000)}cat <<EOF\n{}\nEOF\n${')"'.repeat(2_000)}\n${use}`,
        // Each default read the next one: 1,000 overflowed the stack.
        defaults: `echo ${'${X:-"'.repeat(1_000)}{}${'"}'.repeat(1_000)} > p.json\n${use}`,
      };
      for (const [name, text] of Object.entries(texts)) {
        const doc = TextDocument.create(`file:///test/${name}.sh`, 'shellscript', 1, text);
        const started = performance.now();
        everyFeature(s, doc, text.length - 2);
        const roles = s.analyze(doc).facts.roles;
        assert.ok(performance.now() - started < 15_000, name);
        const names = roles.map((r) => r.name);
        // Unterminated, the rest of the script is the heredoc's body, as bash reads it. 10,000 heredocs
        // or 1 MB may take tree-sitter past its parse budget on a loaded machine: then the script is not read.
        if (name === 'many' || name === 'big' || name === 'expanded') assert.ok(names.length === 0 || names.join() === 'AppRole', name);
        else assert.deepEqual(names, name === 'unterminated' ? [] : ['AppRole'], name);
      }
    },
  );

  // Each part of a word read the whole word's text again: 40,000 parts took half a minute.
  test('a script word of 40,000 parts (unquoted JSON nested 20,000 deep) is read in one pass', { timeout: 20_000 }, async () => {
    const s = await service();
    const json = `${'{"Statement":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const doc = TextDocument.create('file:///test/word.sh', 'shellscript', 1, `aws iam create-role --role-name App --assume-role-policy-document ${json}\n`);
    s.validate(doc);
    assert.deepEqual(
      s.analyze(doc).facts.roles.map((r) => r.name),
      ['App'],
    );
  });
});

describe('size past the limit', () => {
  const statement = (i: number) => `{"Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-${i}/*"}`;
  const policyOf = (count: number) => `{"Version": "2012-10-17", "Statement": [\n${Array.from({ length: count }, (_, i) => statement(i)).join(',\n')}\n]}`;

  test('a policy over 2 MB is not parsed: one diagnostic on its first line gives its size and the limit', async () => {
    const s = await service();
    const text = policyOf(30_000);
    assert.ok(text.length > MAX_DOCUMENT_LENGTH);
    const doc = document(text);
    const diagnostics = everyFeature(s, doc, text.length >> 1);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'DOCUMENT_BEYOND_LIMITS');
    assert.equal(diagnostics[0].range.start.line, 0);
    assert.match(String(diagnostics[0].message), /^Not checked: this file is 3\.\d MB, and iam-irsa checks files up to 2\.0 MB/);
  });

  test('a JSON or YAML file over 2 MB that is no policy (a lock file, a data dump) gets nothing', async () => {
    const s = await service();
    const lock = document(
      JSON.stringify({
        name: 'x',
        lockfileVersion: 3,
        packages: Object.fromEntries(
          Array.from({ length: 30_000 }, (_, i) => [
            `node_modules/p${i}`,
            { version: '1.0.0', resolved: `https://registry.npmjs.org/p${i}/-/p${i}-1.0.0.tgz` },
          ]),
        ),
      }),
    );
    const yaml = document(
      Array.from({ length: 30_000 }, (_, i) => `---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "sa-${i}"\n`).join(''),
      'yaml',
    );
    for (const doc of [lock, yaml]) {
      assert.ok(doc.getText().length > MAX_DOCUMENT_LENGTH);
      assert.deepEqual(everyFeature(s, doc, 10), []);
      assert.deepEqual(s.analyze(doc).facts.serviceAccounts, []);
    }
  });

  test('a 10,000-statement policy under the limit is checked whole: its size is over every quota', async () => {
    const s = await service();
    const doc = document(policyOf(10_000));
    const codes = s.validate(doc).map((d) => d.code);
    assert.deepEqual(codes, ['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA']);
  });
});

describe('bytes that are not JSON', () => {
  test('binary data in a policy: at most 100 syntax errors, the last saying how many more there were', async () => {
    const s = await service();
    let seed = 7;
    const noise = Array.from({ length: 50_000 }, () => String.fromCharCode((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256)).join('');
    const doc = document(`{"Version": "2012-10-17", "Statement": [${noise}]}`);
    const syntax = everyFeature(s, doc, 1000).filter((d) => d.code === 'JSON_SYNTAX_ERROR');
    assert.equal(syntax.length, MAX_SYNTAX_ERRORS);
    assert.match(String(syntax[syntax.length - 1].message), /\(and \d+ more syntax errors after this one\)$/);
  });

  test('invalid UTF-8 as the editor hands it over (U+FFFD, a lone surrogate) is read as text like any other', async () => {
    const s = await service();
    const doc = document('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get\uFFFDObject", "Resource": "arn:aws:s3:::b\uD800/*"}]}');
    const invalid = everyFeature(s, doc, 70).filter((d) => d.code === 'INVALID_ACTION');
    assert.equal(invalid.length, 1);
    assert.match(String(invalid[0].message), /^"Get\uFFFDObject" is not an action of Amazon S3 \(s3\); did you mean "s3:GetObject"\?$/);
  });
});

describe('YAML aliases', () => {
  test('a billion-laughs alias bomb under a ServiceAccount costs nothing: aliases are never expanded', async () => {
    const s = await service();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      levels.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    }
    const doc = document(
      `${levels.join('\n')}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: *j\n`,
      'yaml',
    );
    const diagnostics = everyFeature(s, doc, doc.getText().length - 5);
    assert.ok(
      diagnostics.every((d) => d.code !== 'K8S_YAML_SYNTAX'),
      diagnostics.map((d) => d.message).join(),
    );
    assert.equal(s.analyze(doc).facts.serviceAccounts.length, 1);
  });
});

describe('what a client sends back, garbled', () => {
  test('a diagnostic whose range is not one, or runs backwards: no fix, rather than an edit at NaN', async () => {
    const s = await service();
    const doc = document('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}');
    const [diagnostic] = s.validate(doc);
    assert.equal(diagnostic.code, 'INVALID_ACTION');
    const whole = { start: doc.positionAt(0), end: doc.positionAt(doc.getText().length) };
    assert.equal(s.getCodeActions(doc, whole, [diagnostic]).length, 1, 'the fix, when the diagnostic comes back as sent');
    const garbled = [
      { ...diagnostic, range: { start: { line: 0, character: Number.NaN }, end: diagnostic.range.end } },
      { ...diagnostic, range: { start: diagnostic.range.end, end: { line: 0, character: 0 } } },
    ];
    for (const sent of garbled) assert.deepEqual(s.getCodeActions(doc, whole, [sent]), [], JSON.stringify(sent.range));
  });

  test('a completion item whose data holds no strings is resolved to itself', async () => {
    const s = await service();
    for (const data of [
      { iamIrsa: 'condition-key', key: 5 },
      { iamIrsa: 'action', service: {}, action: ['x'] },
    ]) {
      const item = { label: 'x', data };
      assert.equal(s.resolveCompletion(item), item);
    }
  });
});

test('a file:// path with a stray % (not an escape): linked and named as written, where decoding it threw', async () => {
  const s = await service();
  const doc = TextDocument.create(
    'file:///w/roles.sh',
    'shellscript',
    1,
    'aws iam create-role --role-name App --assume-role-policy-document file://trust%zz.json\n',
  );
  const links = s.findDocumentLinks(doc);
  assert.deepEqual(
    links.map((l) => l.tooltip),
    ['trust policy w/trust%zz.json'],
  );
});

test('"Create IRSA trust policy" for a ServiceAccount whose name holds a lone surrogate: a file name with U+FFFD, where encoding it threw', async () => {
  const s = await service();
  const doc = document('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\uD800\n', 'yaml', 'file:///w/sa.yaml');
  const result = s.executeCommand(doc, 'iam-irsa.createTrustPolicy', [doc.uri, { provider: 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE' }]);
  assert.equal(result.created, 'file:///w/trust-policy-app%EF%BF%BD.json');
});
