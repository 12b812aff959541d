import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, ServerSession, SessionOptions } from './lspClient';
import type { ProbeRecord } from './preload/sandboxProbe';

export type { ProbeRecord };

/** The preload that records (and refuses) what a process does: see preload/sandboxProbe.ts. */
export const SANDBOX_PROBE = path.join(__dirname, 'preload', 'sandboxProbe.js');

/** A server started under the sandbox probe, with the file its records go to. */
export async function startProbed(options: SessionOptions): Promise<{ server: ServerSession; records: () => ProbeRecord[] }> {
  const log = probeLog();
  const server = await ServerSession.start({ ...options, nodeArgs: ['--require', SANDBOX_PROBE], env: { ...process.env, IAM_IRSA_PROBE_LOG: log } });
  return { server, records: () => readRecords(log) };
}

/** Runs `script` with node under the probe and returns what it recorded. */
export function runProbed(script: string): ProbeRecord[] {
  const log = probeLog();
  spawnSync(process.execPath, ['--require', SANDBOX_PROBE, '-e', script], {
    env: { ...process.env, IAM_IRSA_PROBE_LOG: log },
    encoding: 'utf8',
    timeout: 20000,
  });
  return readRecords(log);
}

function probeLog(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'iam-irsa-probe-')), 'probe.jsonl');
  writeFileSync(file, '');
  return file;
}

function readRecords(log: string): ProbeRecord[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProbeRecord);
}

/** The folders of the server's own install: the bundle and the catalogue beside it, and the package's dependencies. */
export const INSTALL_FOLDERS = [path.join(REPO_ROOT, 'dist'), path.join(REPO_ROOT, 'node_modules')].map((folder) => realpathSync(folder));

/** Whether `file` is `folder` or below it. */
export function isBelow(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative));
}
