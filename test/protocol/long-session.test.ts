import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol/node';
import { EditSession, SessionDocument } from '../support/editSession';
import { freshInProcess, freshServer, lastPushed, pulled } from '../support/freshValidation';
import { ServerSession } from '../support/lspClient';
import { measureMemory, MEMORY_PROBE_ARGS, MemorySample } from '../support/serverMemory';
import { sessionFiles, writeWorkspace } from '../support/sessionWorkspace';

const EDITS = 5000;
const WARM_UP_EDITS = 500;
const OPEN_AT_START = 30;

/**
 * An editor's long session: 5,000 edits over 50 linked documents with saves, cancellations,
 * closes and reopens in any order. At the end, each open document's diagnostics must be those a
 * fresh server gives the same texts (no stale cross-file fact, no lost debounce), and the server's
 * memory must not have grown with the edits.
 */
describe('a long session: 5,000 edits across 50 documents', () => {
  const roots: string[] = [];
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  for (const [client, pull, seed, checkpointEvery] of [
    ['a pull client (VS Code)', true, 20260601, 250],
    ['a push client (Neovim)', false, 20260602, 1000],
  ] as const) {
    test(`${client}: the diagnostics are a fresh server's along the way and at the end, memory stays flat`, { timeout: 180_000 }, async (t) => {
      const files = sessionFiles();
      const root = writeWorkspace(files);
      roots.push(root);
      const server = await ServerSession.start({ pull, workspaceFolders: [root], nodeArgs: MEMORY_PROBE_ARGS });
      const session = new EditSession(server, root, files, seed, pull);
      let early: MemorySample | undefined;
      let late: MemorySample;
      let final: Map<string, Diagnostic[]>;
      try {
        await session.openSome(OPEN_AT_START);
        for (const edits of checkpoints(checkpointEvery)) {
          await session.runUntil(edits);
          // Along the way, against a service that never saw the edits (cheap: in process).
          const seen = pull ? await pulled(server, session.openDocuments) : await lastPushed(server, session.documents);
          assertSame(seen, await freshInProcess(session.documents), session.openDocuments, `after ${edits} edits`);
          if (edits === WARM_UP_EDITS) early = await measureMemory(server);
        }
        final = pull ? await pulled(server, session.openDocuments) : await lastPushed(server, session.documents);
        late = await measureMemory(server);
        assert.equal(server.process.exitCode, null, 'the server is still running');
      } finally {
        await server.stop();
      }
      const { tally } = session;
      t.diagnostic(
        `${session.edits} edits, ${session.openDocuments.length} documents open at the end; requests: ${tally.answered} answered ` +
          `(${tally.answeredDespiteCancel} of them cancelled too late), ${tally.cancelled} cancelled`,
      );
      t.diagnostic(`memory after ${WARM_UP_EDITS} edits: ${describeMemory(early!)}; after ${EDITS}: ${describeMemory(late)}`);
      assert.equal(session.edits, EDITS);
      assert.ok(tally.cancelled + tally.answeredDespiteCancel > 50, 'some requests were cancelled');
      assert.deepEqual(errorsLogged(server), [], 'no request or validation failed on the server');
      // At the end, against a new server process on the same files.
      assertSame(final, await freshServer(root, session.documents), session.openDocuments, 'at the end');
      assert.ok(
        late.rssMb <= early!.rssMb * 1.2,
        `RSS grew from ${early!.rssMb.toFixed(1)} MB after ${WARM_UP_EDITS} edits to ${late.rssMb.toFixed(1)} MB after ${EDITS}`,
      );
    });
  }
});

describe('a document closed and at once reopened with its unsaved text (a language mode change)', () => {
  test('other documents keep seeing its buffer, not the disk text the close made the server read', async () => {
    const files = sessionFiles();
    const root = writeWorkspace(files);
    const server = await ServerSession.start({ pull: true, workspaceFolders: [root] });
    try {
      await server.until(() => server.logs.find((l) => l.includes('indexed')), 'the workspace index');
      const uri = (file: string) => pathToFileURL(path.join(root, file)).toString();
      const trust = uri('iam/trust-team-6.json');
      const manifest = uri('k8s/sa-team-6.yaml');
      const subjectWithoutAccount = async () => (await server.pull(trust)).filter((d) => d.code === 'LINK_SUB_WITHOUT_SA').map((d) => d.message);
      await server.open(trust, files['iam/trust-team-6.json']);
      assert.deepEqual(await subjectWithoutAccount(), []);
      // Unsaved: the ServiceAccount moves to another namespace, so the trust's subject names nobody.
      const moved = files['k8s/sa-team-6.yaml'].replace('namespace: team-6', 'namespace: team-7');
      await server.open(manifest, moved, 'yaml');
      assert.match((await subjectWithoutAccount()).join(), /team-6\/runner-6/);
      for (let round = 0; round < 5; round++) {
        await server.close(manifest);
        await server.open(manifest, moved, 'yaml');
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.match((await subjectWithoutAccount()).join(), /team-6\/runner-6/, `after close and reopen #${round + 1}`);
      }
    } finally {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Every `every` edits, and after the warm-up (when memory is first measured). */
function checkpoints(every: number): number[] {
  const at = new Set([WARM_UP_EDITS]);
  for (let edits = every; edits <= EDITS; edits += every) at.add(edits);
  return [...at].sort((a, b) => a - b);
}

function assertSame(actual: Map<string, Diagnostic[]>, expected: Map<string, Diagnostic[]>, open: SessionDocument[], when: string): void {
  for (const document of open) {
    assert.deepEqual(actual.get(document.uri), expected.get(document.uri), `diagnostics of ${document.file} (version ${document.buffer.version}) ${when}`);
  }
}

function errorsLogged(server: ServerSession): string[] {
  return server.logs.filter((line) => /failed|error/i.test(line));
}

function describeMemory(sample: MemorySample): string {
  return `RSS ${sample.rssMb.toFixed(1)} MB (heap ${sample.heapMb.toFixed(1)} MB, external ${sample.externalMb.toFixed(1)} MB)`;
}
