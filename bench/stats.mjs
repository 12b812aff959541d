// Percentiles of timing samples, processes' CPU times and the one table the bench prints.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** The q-quantile (0..1) of the samples, nearest rank; undefined for none. */
export function quantile(samples, q) {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const p50 = (samples) => quantile(samples, 0.5);
export const p95 = (samples) => quantile(samples, 0.95);

/** Milliseconds elapsed while `work` runs (awaited). */
export async function timed(work) {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export const ms = (value) =>
  value === undefined ? '' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
export const ratio = (ours, other) => (ours === undefined || !other ? '' : `${(ours / other).toFixed(1)}×`);
/**
 * The median of the runs' own ratios (ours[i] / other[i], each pair measured back to back): a machine whose
 * speed drifts between runs moves both figures of a pair alike, and the ratio less than the medians apart.
 */
export const pairedRatio = (ours, other) => ratio(p50(ours.map((value, i) => value / other[i])), 1);

/**
 * Runs a bench script in a fresh node: its wall time (spawn → exit), the JSON object it printed on stdout (empty
 * when it printed nothing) and the end of its stderr, for the error its caller throws when the object is not right.
 */
export function runScript(script, args) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  const wallMs = performance.now() - start;
  return { wallMs, printed: JSON.parse(result.stdout || '{}'), stderr: `exit ${result.status}: ${result.stderr.slice(-1000)}` };
}

/** The kernel's clock ticks per second, in which /proc gives CPU times (USER_HZ: 100 on Linux's usual architectures). */
let clockTicks;
/** Asked on first use, not on import: the floor scripts import this module and must not pay for a spawn. */
const ticksPerSecond = () => (clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100);

/** /proc/PID/stat's fields after the command's name (which is in parentheses and may hold spaces); none where there is no /proc. */
function statFields(pid) {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Fields 14 + 15 (`from` 11) or 16 + 17 (`from` 13) of /proc/PID/stat, in ms. */
function cpuFields(pid, from) {
  const fields = statFields(pid);
  return fields.length > from + 1 ? ((Number(fields[from]) + Number(fields[from + 1])) * 1000) / ticksPerSecond() : undefined;
}

/** A process's user + system CPU time so far, every thread of it (V8's compilers and collector too), in ms; undefined where there is no /proc. */
export const processCpuTime = (pid) => cpuFields(pid, 11);

/** The user + system CPU time of this process's children that have ended and been waited for (a spawnSync's), in ms. */
export const endedChildrenCpuTime = () => cpuFields(process.pid, 13);

/**
 * The table's rows. A latency row holds samples (ours, the peer's, the parse floor's, the floor server's, the
 * service in-process); a figure row holds one value already formatted.
 */
export class Table {
  rows = [];

  section(title) {
    this.rows.push({ title });
  }

  latency(label, { ours, inProcess, peer, peerName, floor, floorServer }) {
    this.rows.push({
      cells: [
        label,
        ms(p50(ours)),
        ms(p95(ours)),
        inProcess ? ms(p50(inProcess)) : '',
        peer ? peerName : '',
        peer ? ms(p50(peer)) : '',
        peer ? ms(p95(peer)) : '',
        peer ? ratio(p50(ours), p50(peer)) : '',
        floor ? ms(p50(floor)) : '',
        floor ? ratio(p50(ours), p50(floor)) : '',
        floorServer ? ms(p50(floorServer)) : '',
        floorServer ? ratio(p50(ours), p50(floorServer)) : '',
      ],
    });
  }

  /** A figure that is one median (start-up, indexing, files/s, memory), maybe beside a peer's. */
  figure(label, value, { peerName, peerValue, times } = {}) {
    this.rows.push({ cells: [label, value, '', '', peerName ?? '', peerValue ?? '', '', times ?? '', '', '', '', ''] });
  }

  print(runs) {
    const header = [
      'figure',
      'iam-irsa p50',
      'p95',
      'in-process',
      'peer',
      'peer p50',
      'p95',
      '× peer',
      'parse floor',
      '× floor',
      'floor server',
      '× floor server',
    ];
    const cells = [header, ...this.rows.filter((r) => r.cells).map((r) => r.cells)];
    const widths = header.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
    const line = (c) =>
      c
        .map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ')
        .trimEnd();
    const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
    for (const row of this.rows) out.push(row.title ? `\n${row.title}` : line(row.cells));
    console.log(`\n${out.join('\n')}\n`);
    console.log(`Latencies: p50 and p95 over every sample of ${runs} runs (BENCH_RUNS); other figures: the median of the runs.`);
    console.log('in-process: the language service alone (no LSP); parse floor: jsonc-parser or yaml parsing the same text in-process;');
    console.log('floor server: a server on the same LSP library that only parses the text at each pull, over stdio like ours (the parse');
    console.log('floor plus what being told of an edit and answering costs any server on this machine).');
  }
}
