import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType, Location, LocationLink, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, ServerSession } from '../support/lspClient';

/** The Dev Team A/B scenario of examples/, copied so that a test can change its files on disk. */
const root = mkdtempSync(path.join(tmpdir(), 'iam-irsa-navigation-'));
for (const folder of ['broken', 'working']) cpSync(path.join(REPO_ROOT, 'examples', folder), path.join(root, folder), { recursive: true });

const file = (relative: string) => path.join(root, relative);
const uri = (relative: string) => pathToFileURL(file(relative)).toString();
const text = (relative: string) => readFileSync(file(relative), 'utf8');
const relative = (u: string) => path.relative(root, new URL(u).pathname).split(path.sep).join('/');

/** The position `delta` characters into the first `needle` of a file on disk. */
function at(relativePath: string, needle: string, delta = 1): Position {
  const content = text(relativePath);
  const offset = content.indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${relativePath}`);
  const lines = content.slice(0, offset + delta).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

const SA = 'broken/service-accounts.yaml';
const TRUST = 'broken/trust-policy-dev-team-a.json';
const SCRIPT = 'broken/create-roles.sh';
const ARN = 'arn:aws:iam::444455556666:role/DevTeamARole';

const where = (locations: Location[]) => locations.map((l) => `${relative(l.uri)}:${l.range.start.line + 1}`).sort();
const markdown = (hover: { contents: unknown } | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';

describe('navigation over stdio, on the examples workspace folder', () => {
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start({ pull: true, workspaceFolders: [root], definitionLinks: true });
    await server.open(uri(SA), text(SA), 'yaml');
    await server.open(uri(SCRIPT), text(SCRIPT), 'shellscript');
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('announces definition, references, document links, code lenses and hover', () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.documentLinkProvider, { resolveProvider: false });
    assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: false });
  });

  test('definition on the Dev Team A annotation: one link, to the :sub of its trust policy (once the folder is indexed)', async () => {
    const links = await server.eventually(async () => {
      const result = (await server.definition(uri(SA), at(SA, ARN, 5))) as LocationLink[] | null;
      return result?.length && result[0].targetUri === uri(TRUST) ? result : undefined;
    }, 'a definition in the trust policy file');
    assert.equal(links.length, 1);
    const [link] = links;
    assert.deepEqual(link.targetSelectionRange.start, at(TRUST, 'system:serviceaccount:default:dev-team-a-sa', 0));
    assert.deepEqual(link.originSelectionRange, { start: at(SA, ARN, 0), end: at(SA, ARN, ARN.length) });
  });

  test("references on the role's name: the annotation (and the name itself with the declaration)", async () => {
    const position = at(SCRIPT, 'DevTeamARole');
    assert.deepEqual(where(await server.references(uri(SCRIPT), position)), ['broken/service-accounts.yaml:8']);
    assert.deepEqual(where(await server.references(uri(SCRIPT), position, true)), ['broken/create-roles.sh:6', 'broken/service-accounts.yaml:8']);
  });

  test("document links: the annotations to their roles' lines, the script's file:// to the files", async () => {
    const links = await server.documentLinks(uri(SA));
    assert.deepEqual(
      links.map((l) => [l.range.start.line + 1, l.target, l.tooltip]),
      [
        [8, `${uri(SCRIPT)}#L6`, 'role DevTeamARole, defined in broken/create-roles.sh'],
        [16, `${uri(SCRIPT)}#L9`, 'role DevTeamBRole, defined in broken/create-roles.sh'],
      ],
    );
    const files = await server.documentLinks(uri(SCRIPT));
    assert.deepEqual(
      files.map((l) => relative(l.target!)),
      ['broken/trust-policy-dev-team-a.json', 'broken/dev-team-a-policy.json', 'broken/trust-policy-dev-team-b.json', 'broken/dev-team-b-policy.json'],
    );
  });

  test('hover on the annotation: the role, its definition, the trust that does not admit it', async () => {
    const hover = await server.hover(uri(SA), at(SA, ARN, 10));
    const value = markdown(hover);
    assert.match(value, /IAM role `DevTeamARole`/);
    assert.ok(value.includes(`Defined in [create-roles.sh:6](${uri(SCRIPT)}#L6)`), value);
    assert.ok(value.includes('`system:serviceaccount:default:dev-team-a-sa`: no manifest in the workspace'), value);
    assert.ok(value.includes('Does **not** admit this ServiceAccount, team-a/dev-team-a-sa.'), value);
    assert.equal(await server.hover(uri(SA), at(SA, 'kind: ServiceAccount')), null, 'no hover elsewhere');
  });

  test('in the trust policy: a code lens, a hover on the :sub, references to the annotation', async () => {
    await server.open(uri(TRUST), text(TRUST));
    const lenses = await server.codeLenses(uri(TRUST));
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line + 1, l.command?.title, l.command?.command]),
      [[4, 'admits no ServiceAccount of the workspace', 'iamIrsa.showReferences']],
    );
    const hover = await server.hover(uri(TRUST), at(TRUST, 'system:serviceaccount:default'));
    assert.equal(markdown(hover), 'No ServiceAccount manifest in the workspace is `system:serviceaccount:default:dev-team-a-sa`.');
    assert.deepEqual(where(await server.references(uri(TRUST), at(TRUST, '"Effect"'))), ['broken/service-accounts.yaml:8']);
    await server.close(uri(TRUST));
  });

  test('a trust policy fixed on disk changes the answers: the hover admits, the definition lands on the new :sub', async () => {
    writeFileSync(file(TRUST), text(TRUST).replace('system:serviceaccount:default:dev-team-a-sa', 'system:serviceaccount:team-a:dev-team-a-sa'));
    await server.filesChanged([{ uri: uri(TRUST), type: FileChangeType.Changed }]);
    const value = await server.eventually(async () => {
      const v = markdown(await server.hover(uri(SA), at(SA, ARN, 10)));
      return v.includes('Admits this ServiceAccount, team-a/dev-team-a-sa.') ? v : undefined;
    }, 'the hover to see the fixed trust policy');
    assert.ok(value.includes('`system:serviceaccount:team-a:dev-team-a-sa`: team-a/dev-team-a-sa'), value);
    const [link] = (await server.definition(uri(SA), at(SA, ARN, 5))) as LocationLink[];
    assert.deepEqual(link.targetSelectionRange.start, at(TRUST, 'system:serviceaccount:team-a:dev-team-a-sa', 0));
  });

  test('a manifest created on disk is a new reference of the role', async () => {
    const created = 'broken/more-service-accounts.yaml';
    writeFileSync(
      file(created),
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: extra\n  namespace: team-a\n  annotations:\n    eks.amazonaws.com/role-arn: ${ARN}\n`,
    );
    await server.filesChanged([{ uri: uri(created), type: FileChangeType.Created }]);
    const found = await server.eventually(async () => {
      const locations = where(await server.references(uri(SCRIPT), at(SCRIPT, 'DevTeamARole')));
      return locations.length === 2 ? locations : undefined;
    }, 'the new manifest among the references');
    assert.deepEqual(found, ['broken/more-service-accounts.yaml:7', 'broken/service-accounts.yaml:8']);
  });

  test('a client without link support gets plain locations', async () => {
    const plain = await ServerSession.start({ workspaceFolders: [root] });
    try {
      await plain.open(uri(SA), text(SA), 'yaml');
      const location = await plain.eventually(async () => {
        const result = (await plain.definition(uri(SA), at(SA, ARN, 5))) as Location[] | null;
        return result?.length && result[0].uri === uri(TRUST) ? result : undefined;
      }, 'a definition in the trust policy file');
      assert.equal(location.length, 1);
      assert.equal('targetUri' in location[0], false);
      assert.deepEqual(location[0].range.start, at(TRUST, 'system:serviceaccount:team-a:dev-team-a-sa', 0));
    } finally {
      await plain.stop();
    }
  });
});
