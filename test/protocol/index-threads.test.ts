import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, ServerSession } from '../support/lspClient';

type WriteWorkspace = (dir: string, files: number, options?: { shapes?: 'original' | 'real' }) => number;

// A workspace large enough for the indexer's worker threads (asked for by IAM_IRSA_INDEX_THREADS), read by the bundle (dist/indexWorker.js).
describe('a workspace indexed on worker threads over stdio', () => {
  let root: string;
  let server: ServerSession;

  before(async () => {
    const { writeWorkspace } = (await import(pathToFileURL(path.join(REPO_ROOT, 'bench/workspace.mjs')).href)) as { writeWorkspace: WriteWorkspace };
    root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-threads-'));
    writeWorkspace(root, 400, { shapes: 'real' });
    server = await ServerSession.start({ pull: true, workspaceFolders: [root], env: { ...process.env, IAM_IRSA_INDEX_THREADS: '2' } });
  });

  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the log says the files were read on worker threads; a ServiceAccount then links to its role across files', async () => {
    const line = await server.until(() => server.logs.find((l) => /indexed \d+ files/.test(l)), 'the workspace index', 60_000);
    assert.match(line, /^iam-irsa: indexed 4\d\d files in \d+ ms \(0 skipped: too large or unreadable\), read on [12] worker threads$/);
    // The role of app-3 (Terraform, read by a worker with its grammars) trusts team-3/app-3; renamed, the ServiceAccount is no longer admitted.
    const file = path.join(root, 'apps/team-3/app-3/service-account.yaml');
    const uri = pathToFileURL(file).toString();
    const text = readFileSync(file, 'utf8').replace('name: app-3', 'name: app-3x');
    writeFileSync(file, text);
    await server.open(uri, text, 'yaml');
    const codes = (await server.pull(uri)).map((d) => String(d.code));
    assert.ok(codes.includes('LINK_TRUST_DOES_NOT_ADMIT_SA'), codes.join());
  });
});
