// The workspace index over stdio: our server started on a generated workspace of 2,000 and 10,000
// files until it reports them indexed, then one ServiceAccount edited, its diagnostics re-checked
// against the whole index at each keystroke. Beside it, the floor: a bare node reading and parsing
// every file once with the same parsers (folderFloor.mjs).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { folderFloor } from './folderFloor.mjs';
import { Editor } from './servers.mjs';
import { ms, p50, pairedRatio, timed } from './stats.mjs';
import { writeWorkspace } from './workspace.mjs';

const KEYSTROKES = 20;

/** Returns the memory high-water mark of the server on the largest workspace. */
export async function measureIndexing(table, { runs, sizes = [2000, 10000] }) {
  let memory;
  const rows = [];
  // Each size twice in the same run: the original shapes, and half the apps in the shapes of real repositories.
  for (const [size, shapes] of sizes.flatMap((size) => [
    [size, 'original'],
    [size, 'real'],
  ])) {
    const dir = mkdtempSync(join(tmpdir(), `iam-irsa-bench-${size}-`));
    try {
      const written = writeWorkspace(dir, size, { shapes });
      const label = `${written.toLocaleString('en')} files${shapes === 'real' ? ', half in real-repository shapes' : ''}`;
      const wall = [];
      const own = [];
      const recheck = [];
      const floorWall = [];
      const floorOwn = [];
      const cpu = [];
      const floorCpu = [];
      for (let run = 0; run < runs; run++) {
        let editor;
        let line;
        wall.push(
          await timed(async () => {
            editor = await Editor.start('ours', dir, { waitForIndex: false });
            line = await editor.indexed();
          }),
        );
        own.push(Number(/in (\d+) ms/.exec(line)?.[1]));
        cpu.push(editor.cpuTime());
        recheck.push(...(await editOneServiceAccount(editor, dir)));
        memory = editor.memoryHighWater();
        await editor.stop();
        // The floor in the same run, right after ours, so that both see the machine alike.
        const floor = await folderFloor(dir, written);
        floorWall.push(floor.wallMs);
        floorOwn.push(floor.ms);
        floorCpu.push(floor.cpuMs);
      }
      rows.push(() => {
        table.figure(`${label}: spawn → indexed`, ms(p50(wall)), { times: `${pairedRatio(wall, floorWall)} floor` });
        table.figure(`${label}: the indexer's own time (walk, read, index)`, ms(p50(own)), {
          times: `${((p50(own) / written) * 1000).toFixed(0)} µs/file, ${pairedRatio(own, floorOwn)} floor`,
        });
        table.figure(`${label}: floor, spawn → every file read and parsed once (a bare node, the same parsers)`, ms(p50(floorWall)));
        table.figure(`${label}: floor, the reading and parsing alone`, ms(p50(floorOwn)));
        // Both processes run on every core: V8 compiles and collects on threads of its own beside the main one.
        if (cpu.every((c) => c !== undefined))
          table.figure(`${label}: CPU time, spawn → indexed (every thread)`, ms(p50(cpu)), {
            times: `${pairedRatio(cpu, floorCpu)} floor, ${(p50(cpu) / p50(wall)).toFixed(1)} cores`,
          });
        table.figure(`${label}: floor, CPU time, spawn → exit (every thread)`, ms(p50(floorCpu)), {
          times: `${(p50(floorCpu) / p50(floorWall)).toFixed(1)} cores`,
        });
        table.latency(`${label}: keystroke in a ServiceAccount → cross-file diagnostics`, { ours: recheck });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  table.section('Workspace index (generated: ServiceAccounts, trust policies, roles of every source)');
  for (const row of rows) row();
  return memory;
}

/** Opens one ServiceAccount and types into its namespace: each keystroke makes the role's trust no longer admit it, or admit it again. */
async function editOneServiceAccount(editor, dir) {
  const path = join(dir, 'apps/team-7/app-7/service-account.yaml');
  const text = readFileSync(path, 'utf8');
  const uri = pathToFileURL(path).toString();
  await editor.open(uri, text, 'yaml');
  const end = text.indexOf('namespace: team-7') + 'namespace: team-7'.length;
  const samples = [];
  for (let i = 0; i < KEYSTROKES; i++) samples.push(await editor.type(uri, end + i, String(i % 10)));
  // The namespace is now team-7 and digits: the role's trust, elsewhere in the workspace, no longer admits it.
  const diagnostics = await editor.session.pull(uri);
  // (Annotated with a template, as in the real-shapes workspace, it is no role's any more: LINK_ROLE_NOT_FOUND.)
  if (!diagnostics.some((d) => d.code === 'LINK_TRUST_DOES_NOT_ADMIT_SA' || d.code === 'LINK_ROLE_NOT_FOUND'))
    console.warn(
      'the edited ServiceAccount got no cross-file finding:',
      diagnostics.map((d) => d.code),
    );
  await editor.close(uri);
  return samples;
}
