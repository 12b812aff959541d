import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LanguageService } from '../../server/src/service';
import { WorkspaceIndexer } from '../../server/src/workspaceIndexer';
import { service } from '../support/service';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function workspace(files: Record<string, string | Buffer>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'iam-irsa-indexer-'));
  folders.push(folder);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), content);
  return folder;
}

const indexerOver = (s: LanguageService) =>
  new WorkspaceIndexer(
    s,
    () => false,
    () => [],
  );

test('what the index cannot read is named with why: too large, a link loop, a dangling link; a pipe or a folder loop does not hang it', async () => {
  const folder = workspace({ 'trust.json': TRUST, 'huge.json': `{"Statement": [${'"x",'.repeat(600_000)}"x"]}` });
  symlinkSync('loop.json', path.join(folder, 'loop.json'));
  symlinkSync('missing.json', path.join(folder, 'dangling.json'));
  symlinkSync('.', path.join(folder, 'again'));
  execFileSync('mkfifo', [path.join(folder, 'pipe.json')]);
  const report = await indexerOver(await service()).indexFolders([folder]);
  assert.ok(report);
  assert.equal(report.files, 1);
  assert.deepEqual(report.notices.map((n) => `${path.basename(n.file)} ${n.message}`).sort(), [
    'dangling.json not indexed: it no longer exists (deleted while being read, or a link to nothing)',
    'huge.json not indexed: it is 2.4 MB, over the 2.0 MB iam-irsa reads',
    'loop.json not indexed: it is a loop of symbolic links',
  ]);
});

test('a file that is not UTF-8 is indexed with U+FFFD for its bad bytes, and said to be so', async () => {
  const s = await service();
  const bad = Buffer.concat([
    Buffer.from('{"Version": "2012-10-17", "Statement": [{"Sid": "'),
    Buffer.from([0xc3, 0x28, 0xff]),
    Buffer.from(`", ${TRUST.slice(TRUST.indexOf('"Effect"'))}`),
  ]);
  const folder = workspace({ 'trust-latin1.json': bad });
  const report = await indexerOver(s).indexFolders([folder]);
  assert.ok(report);
  assert.equal(report.files, 1);
  assert.deepEqual(
    report.notices.map((n) => n.message),
    ['is not valid UTF-8: indexed with U+FFFD in place of the invalid bytes'],
  );
  assert.deepEqual(
    [...s.index.all()].map((f) => f.facts.trustPolicies.length),
    [1],
    'its trust policy is in the index',
  );
});

test('files deleted while the index reads the folder are skipped and named, the others indexed', async () => {
  const s = await service();
  const names = Array.from({ length: 100 }, (_, i) => `trust-${String(i).padStart(3, '0')}.json`);
  const folder = workspace(Object.fromEntries(names.map((n) => [n, TRUST])));
  const read = new Set<string>();
  const deleted = new Set<string>();
  // The first file indexed deletes every file not indexed yet, as a branch switch would. The indexer reads ahead
  // of what it indexes: a file read before it was deleted is indexed (the watcher's deletion then drops it).
  const deleting: LanguageService = {
    ...s,
    indexFile(uri, languageId, text) {
      read.add(path.basename(fileURLToPath(uri)));
      if (deleted.size === 0) {
        for (const name of names.filter((n) => !read.has(n))) {
          unlinkSync(path.join(folder, name));
          deleted.add(name);
        }
      }
      return s.indexFile(uri, languageId, text);
    },
  };
  const report = await indexerOver(deleting).indexFolders([folder]);
  assert.ok(report);
  assert.equal(report.files + report.skipped, 100);
  assert.equal(report.files, read.size);
  assert.ok(report.skipped > 0, 'the files not read before the deletion are skipped');
  const named = report.notices.map((n) => path.basename(n.file));
  assert.deepEqual(named.sort(), names.filter((n) => !read.has(n)).sort());
  assert.ok(named.every((n) => deleted.has(n)));
  assert.ok(report.notices.every((n) => n.message === 'not indexed: it no longer exists (deleted while being read, or a link to nothing)'));
});

test('files read ahead while the service loads are recorded once it is ready, as they would have been; none if it never comes', async () => {
  const folder = workspace({
    'trust.json': TRUST,
    'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team\n',
    'notes.json': '{}',
  });
  const direct = await service();
  const expected = await indexerOver(direct).indexFolders([folder]);
  let ready: (s: LanguageService) => void = () => undefined;
  const later = await service();
  const indexer = new WorkspaceIndexer(
    new Promise<LanguageService>((resolve) => (ready = resolve)),
    () => false,
    () => [],
  );
  const indexing = indexer.indexFolders([folder]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(later.index.size, 0, 'nothing recorded before the service is ready');
  ready(later);
  const report = await indexing;
  assert.ok(report && expected);
  assert.deepEqual([report.files, report.skipped], [expected.files, expected.skipped]);
  assert.deepEqual(
    [...later.index.all()].map((f) => [f.uri, f.facts]),
    [...direct.index.all()].map((f) => [f.uri, f.facts]),
  );
  assert.ok(later.index.size >= 2);
  const never = new WorkspaceIndexer(
    Promise.resolve(undefined),
    () => false,
    () => [],
  );
  assert.equal(await never.indexFolders([folder]), undefined);
});
