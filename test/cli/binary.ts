import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/lspClient';

export const BIN = path.join(REPO_ROOT, 'bin', 'iam-irsa.js');

/** The built `iam-irsa` binary run as a user runs it, in `cwd`. */
export function cli(args: string[], cwd = REPO_ROOT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The `--format json` contract of DESIGN.md. */
export interface Contract {
  version: number;
  files: string[];
  diagnostics: {
    file: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }[];
}

/** A fresh temporary directory holding `files` (relative path → content; objects are written as JSON). */
export function workspace(files: Record<string, string | object>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-irsa-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}
