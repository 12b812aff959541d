import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServerSession } from './lspClient';

/**
 * The node options that load the memory probe into the server (a full GC on demand), with V8's young
 * generation fixed at its default ceiling: V8 grows it with the allocation rate (to 3 × 16 MB) and
 * keeps it, sizing that would otherwise read as 20 MB of RSS "growth" that nothing retains.
 */
export const MEMORY_PROBE_ARGS = [
  '--expose-gc',
  '--min-semi-space-size=16',
  '--max-semi-space-size=16',
  '--require',
  path.join(__dirname, 'preload', 'memoryProbe.js'),
];

export interface MemorySample {
  /** Resident set size from /proc/<pid>/status (elsewhere, as node reports it), in MB, after a full GC. */
  readonly rssMb: number;
  /** V8's live heap after that GC, in MB. */
  readonly heapMb: number;
  /** Memory outside the V8 heap (buffers, wasm), in MB. */
  readonly externalMb: number;
}

/**
 * The server's memory after a full GC: the median of `samples` probes a short pause apart, since
 * one probe may land while the allocator still holds pages it is about to return.
 */
export async function measureMemory(server: ServerSession, samples = 3): Promise<MemorySample> {
  const taken: MemorySample[] = [];
  for (let i = 0; i < samples; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = probes(server).length;
    server.process.kill('SIGUSR2');
    const usage = await server.until(() => probes(server)[before], 'the memory probe', 10000);
    taken.push({ rssMb: rssMb(server.process.pid!) ?? usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20, externalMb: usage.external / 2 ** 20 });
  }
  const median = (pick: (s: MemorySample) => number) => taken.map(pick).sort((a, b) => a - b)[Math.floor(samples / 2)];
  return { rssMb: median((s) => s.rssMb), heapMb: median((s) => s.heapMb), externalMb: median((s) => s.externalMb) };
}

function probes(server: ServerSession): NodeJS.MemoryUsage[] {
  // The last piece may be a line still being written.
  return server.stderr
    .join('')
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.startsWith('memory-probe '))
    .map((line) => JSON.parse(line.slice('memory-probe '.length)) as NodeJS.MemoryUsage);
}

/** VmRSS as the kernel reports it; undefined where there is no /proc (the probe's own figure is used then). */
function rssMb(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const line = status.split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : undefined;
}
