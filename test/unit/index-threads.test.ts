import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS, LanguageService, ServiceSettings } from '../../server/src/service';
import { NO_FACTS } from '../../server/src/service/workspace/facts';
import { lineStartsOf, signatureOf, WorkspaceIndex } from '../../server/src/service/workspace/index';
import { WorkspaceIndexer } from '../../server/src/workspaceIndexer';
import { EXAMPLES } from '../support/fixtures';
import { service } from '../support/service';

const ROOT = path.join(__dirname, '../../..');
type WriteWorkspace = (dir: string, files: number, options?: { shapes?: 'original' | 'real' }) => number;
const generator = () => import(pathToFileURL(path.join(ROOT, 'bench/workspace.mjs')).href) as Promise<{ writeWorkspace: WriteWorkspace }>;

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** Every indexed file's facts (the resolved ones and the file's own), its signature and line starts, by URI. */
function snapshot(s: LanguageService): Map<string, unknown> {
  return new Map([...s.index.all()].map((file) => [file.uri, { facts: file.facts, raw: file.raw, signature: signatureOf(file), lines: [...file.lineStarts] }]));
}

async function indexWith(threads: number, folders: readonly string[], settings: ServiceSettings = DEFAULT_SETTINGS) {
  const s = await service(settings);
  const report = await new WorkspaceIndexer(
    s,
    () => false,
    () => settings.exclude,
    { threads, settings: () => settings },
  ).indexFolders(folders);
  assert.ok(report);
  return { report, index: snapshot(s), generation: s.index.generation };
}

test('the index built on worker threads is the one built on the main thread: the examples and a generated workspace of every shape', async () => {
  const { writeWorkspace } = await generator();
  const generated = ['original', 'real'].map((shapes) => {
    const dir = mkdtempSync(path.join(tmpdir(), `iam-irsa-threads-${shapes}-`));
    folders.push(dir);
    writeWorkspace(dir, 300, { shapes: shapes as 'original' | 'real' });
    return dir;
  });
  const workspace = [...generated, EXAMPLES];
  const single = await indexWith(0, workspace);
  const threaded = await indexWith(2, workspace);
  assert.ok(single.report.files > 600, `${single.report.files} files indexed`);
  assert.deepEqual([single.report.threads, threaded.report.threads], [0, 2]);
  assert.equal(threaded.report.files, single.report.files);
  assert.equal(threaded.report.skipped, single.report.skipped);
  assert.deepEqual([...threaded.index.keys()].sort(), [...single.index.keys()].sort());
  for (const [uri, file] of single.index) assert.deepEqual(threaded.index.get(uri), file, uri);
  // Roles, ServiceAccounts and trusts were found: the comparison is over facts, not over empty files.
  const withFacts = [...single.index.values()].filter((f) => (f as { signature: string }).signature.includes('"name"')).length;
  assert.ok(withFacts > 300, `${withFacts} files with facts`);
});

test('the workers read facts with the settings: a pinned policy kind gives the same index on both', async () => {
  const { writeWorkspace } = await generator();
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-irsa-threads-pinned-'));
  folders.push(dir);
  writeWorkspace(dir, 400);
  // Every JSON file read as a trust policy, whatever it holds: the IAM exports' roles become trust policies' facts.
  const settings: ServiceSettings = { ...DEFAULT_SETTINGS, policyKinds: { '**/*.json': 'trust' } };
  const single = await indexWith(0, [dir], settings);
  const threaded = await indexWith(2, [dir], settings);
  const unpinned = await indexWith(0, [dir]);
  assert.equal(threaded.report.threads, 2);
  assert.deepEqual(threaded.index, single.index);
  assert.notDeepEqual(single.index, unpinned.index);
});

test('line starts found line feed by line feed equal those counted character by character, with CRLF and lone CR too', () => {
  const reference = (text: string) => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') starts.push(i + 1);
      else if (text[i] === '\r') {
        if (text[i + 1] === '\n') i++;
        starts.push(i + 1);
      }
    }
    return starts;
  };
  for (const text of ['', 'a', '\n', 'a\nb', 'a\nb\n', '\n\n\nx', 'a\r\nb\r\n', 'a\rb\nc\r\n\r', 'kind: ServiceAccount\nmetadata:\n  name: x\n'])
    assert.deepEqual([...lineStartsOf(text)], reference(text), JSON.stringify(text));
});

test('a file stored again with the same facts, ranges shifted, does not change the index; a new name does; the signature is worked out only then', () => {
  const index = new WorkspaceIndex();
  const uri = 'file:///w/sa.yaml';
  const facts = (name: string, start: number) => ({
    ...NO_FACTS,
    serviceAccounts: [{ name, namespace: 'ns', namespaceExplicit: true, range: { start, end: start + name.length } }],
  });
  assert.equal(index.set(uri, facts('app', 10), 'x\n'.repeat(20)), true);
  assert.equal(index.get(uri)?.signature, undefined);
  assert.equal(index.set(uri, facts('app', 12), 'x\n'.repeat(20)), false);
  assert.equal(index.set(uri, facts('other', 12), 'x\n'.repeat(20)), true);
  assert.match(signatureOf(index.get(uri)!), /"other"/);
});
