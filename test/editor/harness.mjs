// The editor harness: code-server (a real VS Code on Node 20) installed into test/editor on first
// use, and the checks that say whether this machine can run it.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EDITOR_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = dirname(dirname(EDITOR_DIR));
const CODE_SERVER_DIR = join(EDITOR_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
const BUNDLED_RIPGREP = join(CODE_SERVER_DIR, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep');
const STAMP = join(EDITOR_DIR, 'node_modules', '.iam-irsa-harness');
const LOCK = join(EDITOR_DIR, '.install-lock');

// From code-server 4.100.3's lib/vscode/npm-shrinkwrap.json (@vscode/ripgrep) and that package's
// lib/postinstall.js (VERSION): its download cache is `$TMPDIR/vscode-ripgrep-cache-<package>/`.
const RIPGREP_PACKAGE = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

/** @typedef {{ why: string, fix: string }} Missing */

/** The first executable called `name` on PATH, or undefined. */
export function onPath(name) {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function isHarnessInstalled() {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8') === lockDigest();
}

/**
 * What this machine lacks to run code-server (and, with `browser`, headless Chromium), each with
 * the command that fixes it. Empty when everything is there.
 * @param {{ browser?: boolean }} [options]
 * @returns {Missing[]}
 */
export function missingPrerequisites({ browser = true } = {}) {
  /** @type {Missing[]} */
  const missing = [];
  if (browser) {
    try {
      accessSync(chromiumPath(), constants.X_OK);
    } catch {
      missing.push({ why: `no Chromium at ${chromiumPath()} (set CHROMIUM_PATH to use another)`, fix: 'install with apt-get install chromium' });
    }
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20)
    missing.push({ why: `code-server 4.100.3 runs on Node 20, this is Node ${process.versions.node}`, fix: 'use Node 20 (e.g. nvm install 20)' });
  if (!isHarnessInstalled()) {
    // Only the install needs these: rg seeds @vscode/ripgrep's cache, native modules compile (kerberos against krb5).
    if (!onPath('rg')) missing.push({ why: 'no ripgrep (rg) on PATH', fix: 'install with apt-get install ripgrep' });
    if (!existsSync('/usr/include/gssapi/gssapi.h'))
      missing.push({ why: 'no Kerberos headers (gssapi/gssapi.h) to build code-server', fix: 'install with apt-get install libkrb5-dev' });
    const tools = ['make', 'g++', 'python3'].filter((tool) => !onPath(tool));
    if (tools.length)
      missing.push({
        why: `no ${tools.join(', ')} for node-gyp to build code-server's native modules`,
        fix: 'install with apt-get install build-essential python3',
      });
    if (!RIPGREP_TARGETS[process.arch] || process.platform !== 'linux') {
      missing.push({
        why: `the offline ripgrep trick only knows Linux x64/arm64, not ${process.platform} ${process.arch}`,
        fix: 'run the editor tiers on Linux x64 or arm64',
      });
    }
  }
  return missing;
}

/** One line for a skip or a failure: `<why>, install with <package>`. */
export function describeMissing(missing) {
  return missing.map((m) => `${m.why}, ${m.fix}`).join('; ');
}

/**
 * Installs code-server into test/editor/node_modules from the committed lockfile unless that exact
 * lockfile is already installed. Safe to call from several processes at once.
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function ensureHarness({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (isHarnessInstalled()) return;
  await withLock(async () => {
    if (isHarnessInstalled()) return; // another process installed it while we waited
    const missing = missingPrerequisites({ browser: false });
    if (missing.length) throw new Error(`cannot install the editor harness: ${describeMissing(missing)}`);
    log('installing the editor harness (code-server 4.100.3 into test/editor, about a minute, once)…');
    const started = Date.now();
    const cache = seedRipgrepCache();
    try {
      await npmCi(cache);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    verifyInstall();
    writeFileSync(STAMP, lockDigest());
    log(`editor harness installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

function lockDigest() {
  return createHash('sha256')
    .update(readFileSync(join(EDITOR_DIR, 'package-lock.json')))
    .digest('hex');
}

/** A TMPDIR whose ripgrep cache holds the local rg, so @vscode/ripgrep does not fetch from GitHub. */
function seedRipgrepCache() {
  const root = mkdtempSync(join(tmpdir(), 'iam-irsa-rg-'));
  const cache = join(root, `vscode-ripgrep-cache-${RIPGREP_PACKAGE}`);
  mkdirSync(cache);
  const rg = onPath('rg');
  const tarball = join(cache, `ripgrep-${RIPGREP_RELEASE}-${RIPGREP_TARGETS[process.arch]}.tar.gz`);
  const tar = spawnSync('tar', ['czf', tarball, '-C', dirname(rg), 'rg'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`could not pack ${rg}: ${tar.stderr}`);
  return root;
}

function npmCi(tmp) {
  const logFile = join(tmp, '..', `iam-irsa-harness-install-${process.pid}.log`);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp` with no terminal to answer
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // node-gyp downloads Node's headers from nodejs.org unless told where the installed ones are.
  const nodePrefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include', 'node', 'common.gypi'))) env.npm_config_nodedir = nodePrefix;
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['ci', '--no-audit', '--no-fund'], { cwd: EDITOR_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const text = Buffer.concat(output).toString('utf8');
      writeFileSync(logFile, text);
      const tail = text.split('\n').slice(-40).join('\n');
      reject(new Error(`npm ci in test/editor failed with ${code} (full log: ${logFile}):\n${tail}`));
    });
  });
}

/** Catches a postinstall that silently did nothing, or a code-server whose ripgrep moved on. */
function verifyInstall() {
  const ripgrep = JSON.parse(readFileSync(join(BUNDLED_RIPGREP, 'package.json'), 'utf8'));
  if (ripgrep.version !== RIPGREP_PACKAGE) {
    throw new Error(`code-server now bundles @vscode/ripgrep ${ripgrep.version}: update RIPGREP_PACKAGE in test/editor/harness.mjs`);
  }
  for (const file of [CODE_SERVER_ENTRY, join(BUNDLED_RIPGREP, 'bin', 'rg')]) {
    if (!existsSync(file)) throw new Error(`editor harness incomplete, ${file} is missing (did code-server's postinstall run?)`);
  }
}

/** A lock folder holding the owner's pid, so a crashed install does not block the next one. */
async function withLock(action) {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!ownerAlive()) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await action();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function ownerAlive() {
  try {
    process.kill(Number(readFileSync(join(LOCK, 'pid'), 'utf8')), 0);
    return true;
  } catch (error) {
    // No pid file yet: the owner is between mkdir and write, so treat it as alive.
    return error.code === 'ENOENT' || error.code === 'EPERM';
  }
}
