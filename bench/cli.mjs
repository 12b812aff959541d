// The CLI (the built bin/iam-irsa.js) linting every AWS managed policy, written as files into a
// temporary folder: files per second, start-up included. Beside it, the floor: a bare node reading and
// parsing the same files once with the same JSON parser (folderFloor.mjs), run right after each lint; and the
// lint warmed up (cliWarm.mjs): what it costs once start-up and the JIT's warm-up are paid.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliWarm } from './cliWarm.mjs';
import { folderFloor } from './folderFloor.mjs';
import { endedChildrenCpuTime, ms, p50, pairedRatio, timed } from './stats.mjs';

export async function measureCli(table, { root, runs, managed }) {
  const dir = mkdtempSync(join(tmpdir(), 'iam-irsa-bench-managed-'));
  try {
    for (const policy of managed) writeFileSync(join(dir, `${policy.name}.json`), policy.text);
    const samples = [];
    const cpu = [];
    const floorSamples = [];
    const warmFilesPerSecond = [];
    for (let run = 0; run < runs; run++) {
      let result;
      const cpuBefore = endedChildrenCpuTime();
      samples.push(
        await timed(
          () =>
            (result = spawnSync(process.execPath, [join(root, 'bin/iam-irsa.js'), 'lint', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 30 })),
        ),
      );
      cpu.push(endedChildrenCpuTime() - cpuBefore);
      // A figure only when every file was checked: exit status 1 is also findings of error severity.
      const checked = result.status === 0 || result.status === 1 ? JSON.parse(result.stdout).files.length : 0;
      if (checked !== managed.length)
        throw new Error(`iam-irsa lint checked ${checked} of ${managed.length} files (exit ${result.status}): ${result.stderr.slice(-1000)}`);
      floorSamples.push((await folderFloor(dir, managed.length)).wallMs);
      const warm = cliWarm(dir);
      warmFilesPerSecond.push(warm.files / (warm.ms / 1000));
    }
    const seconds = p50(samples) / 1000;
    table.section('CLI');
    table.figure(
      `iam-irsa lint, ${managed.length.toLocaleString('en')} AWS managed policies in ${seconds.toFixed(1)} s`,
      `${(managed.length / seconds).toFixed(0)} files/s`,
      { times: `${pairedRatio(samples, floorSamples)} floor` },
    );
    // V8 compiles and collects on threads of its own: a second thread of ours would share the second core with them.
    if (!cpu.some(Number.isNaN)) table.figure('  its CPU time, every thread', ms(p50(cpu)), { times: `${(p50(cpu) / p50(samples)).toFixed(1)} cores` });
    table.figure(
      '  the same lint warmed up: in one process, the files left after linting every other one (none linted twice)',
      `${p50(warmFilesPerSecond).toFixed(0)} files/s`,
    );
    const floorSeconds = p50(floorSamples) / 1000;
    table.figure(
      `floor: a bare node reading and parsing the same files once (jsonc-parser), spawn → exit, in ${floorSeconds.toFixed(2)} s`,
      `${(managed.length / floorSeconds).toFixed(0)} files/s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
