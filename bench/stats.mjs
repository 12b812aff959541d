// Percentiles of timing samples and the one table the bench prints.

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
