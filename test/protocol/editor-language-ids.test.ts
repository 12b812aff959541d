import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, ServerSession } from '../support/lspClient';

/** The Dev Team A/B scenario of examples/: both folders define the roles, in different accounts. */
const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-language-ids-'));
for (const folder of ['broken', 'working']) cpSync(path.join(REPO_ROOT, 'examples', folder), path.join(root, folder), { recursive: true });

const uri = (relative: string) => pathToFileURL(path.join(root, relative)).toString();
const text = (relative: string) => readFileSync(path.join(root, relative), 'utf8');

const SA = 'broken/service-accounts.yaml';
const SCRIPT = 'broken/create-roles.sh';

// Neovim and Emacs send a shell script's language as "sh", Helix as "bash"; VS Code says "shellscript".
for (const languageId of ['sh', 'bash']) {
  describe(`a shell script opened as "${languageId}" (push diagnostics, as Neovim 0.7)`, () => {
    let server: ServerSession;
    before(async () => {
      server = await ServerSession.start({ workspaceFolders: [root] });
      await server.until(() => server.logs.find((line) => line.includes('indexed')), 'the workspace index');
      await server.open(uri(SCRIPT), text(SCRIPT), languageId);
      await server.open(uri(SA), text(SA), 'yaml');
    });
    after(async () => {
      await server.stop();
    });

    test("still defines its roles: the ServiceAccount links to this folder's role, not to the other account's", async () => {
      const published = await server.nextPublished(uri(SA), (p) => p.diagnostics.length > 0);
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.range.start.line]),
        [['LINK_TRUST_DOES_NOT_ADMIT_SA', 7]],
      );
      assert.match(String(published.diagnostics[0].message), /trust policy of role "DevTeamARole" \(broken\/trust-policy-dev-team-a\.json\)/);
    });

    test('answers references on the role it creates', async () => {
      const content = text(SCRIPT);
      const offset = content.indexOf('DevTeamARole') + 1;
      const before = content.slice(0, offset).split('\n');
      const references = await server.references(uri(SCRIPT), { line: before.length - 1, character: before[before.length - 1].length });
      assert.deepEqual(
        references.map((l) => `${path.relative(root, new URL(l.uri).pathname)}:${l.range.start.line}`),
        ['broken/service-accounts.yaml:7'],
      );
    });
  });
}

after(() => rmSync(root, { recursive: true, force: true }));
