// Loaded into a process under test (node --require) before its own code: records, one JSON line
// each in $IAM_IRSA_PROBE_LOG, every network attempt and every program started (both refused),
// every file read, written or loaded as code, so that a test can say what the process touched.
// `import x = require()`: the modules themselves, whose functions the process will call, not copies.
import childProcess = require('node:child_process');
import dgram = require('node:dgram');
import dns = require('node:dns');
import fs = require('node:fs');
import http = require('node:http');
import http2 = require('node:http2');
import https = require('node:https');
import Module = require('node:module');
import net = require('node:net');
import path = require('node:path');
import tls = require('node:tls');
import url = require('node:url');
import workerThreads = require('node:worker_threads');

/** What the process did: `read` and `write` name the real path touched, `resolve` the name resolved. */
export type ProbeKind = 'network' | 'exec' | 'read' | 'write' | 'resolve' | 'load';

export interface ProbeRecord {
  readonly kind: ProbeKind;
  readonly api: string;
  readonly target: string;
}

// Opened before anything is wrapped, and written with writeSync, which is not: the log records no access of its own.
const logFile = process.env.IAM_IRSA_PROBE_LOG;
const log = logFile ? fs.openSync(logFile, 'a') : undefined;
const realpathSync = fs.realpathSync.native;

function record(kind: ProbeKind, api: string, target: string): void {
  if (log !== undefined) fs.writeSync(log, JSON.stringify({ kind, api, target } satisfies ProbeRecord) + '\n');
}

/** Replaces `owner[name]` by a function that first calls `before` with the call's arguments. */
function intercept(owner: object, name: string, before: (args: unknown[]) => void): void {
  const target = owner as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    before(args);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Object.assign(wrapped, original); // fs.realpathSync.native and the like
  Object.defineProperty(wrapped, 'name', { value: name });
  target[name] = wrapped;
}

/** Replaces `owner[name]` by a refusal: recorded, then thrown (or, for an API of promises, rejected). */
function refuse(owner: object, name: string, kind: 'network' | 'exec', api: string, describe: (args: unknown[]) => string, promises = false): void {
  const target = owner as Record<string, unknown>;
  if (typeof target[name] !== 'function') return;
  target[name] = function refused(...args: unknown[]) {
    record(kind, api, describe(args));
    const error = new Error(`${api} refused by the sandbox probe`);
    if (promises) return Promise.reject(error);
    throw error;
  };
}

// Network: every way out of the process, refused.
const where = (args: unknown[]) => JSON.stringify(args.filter((a) => typeof a !== 'function')).slice(0, 300);
for (const [owner, prefix, names] of [
  [net, 'net', ['connect', 'createConnection']],
  [net.Socket.prototype, 'net.Socket', ['connect']],
  [net.Server.prototype, 'net.Server', ['listen']],
  [tls, 'tls', ['connect']],
  [http, 'http', ['request', 'get']],
  [https, 'https', ['request', 'get']],
  [http2, 'http2', ['connect']],
  [dgram, 'dgram', ['createSocket']],
  [
    dns,
    'dns',
    [
      'lookup',
      'lookupService',
      'resolve',
      'resolve4',
      'resolve6',
      'resolveAny',
      'resolveCname',
      'resolveMx',
      'resolveNs',
      'resolveSrv',
      'resolveTxt',
      'reverse',
    ],
  ],
] as const) {
  for (const name of names) refuse(owner, name, 'network', `${prefix}.${name}`, where);
}
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'reverse'])
  refuse(dns.promises, name, 'network', `dns.promises.${name}`, where, true);
refuse(globalThis, 'fetch', 'network', 'fetch', where, true);

// Programs: nothing started, in any of the ways node offers.
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  refuse(childProcess, name, 'exec', `child_process.${name}`, (args) => String(args[0]));
}
refuse(workerThreads, 'Worker', 'exec', 'worker_threads.Worker', (args) => String(args[0]));

// Files: the real path of what is read or written; for links and resolution, the name itself.
function pathOf(value: unknown): string | undefined {
  if (typeof value === 'string') return path.resolve(value);
  if (Buffer.isBuffer(value)) return path.resolve(value.toString());
  if (value instanceof URL && value.protocol === 'file:') return url.fileURLToPath(value);
  return undefined; // a file descriptor: its opening was recorded
}

/** Where following `file` leads; for a file not there (yet), its folder's real path. */
function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.join(realName(path.dirname(file)), path.basename(file));
  }
}

/** `file` with its folders resolved, but not itself: what lstat and readlink look at. */
function realName(file: string): string {
  try {
    return path.join(realpathSync(path.dirname(file)), path.basename(file));
  } catch {
    return file;
  }
}

function recordPath(kind: ProbeKind, api: string, follow: boolean): (args: unknown[]) => void {
  return (args) => {
    const file = pathOf(args[0]);
    if (file !== undefined) record(kind, api, follow ? realTarget(file) : realName(file));
  };
}

function isWriteFlag(flags: unknown): boolean {
  return typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0;
}

const READS = ['open', 'readFile', 'stat', 'readdir', 'opendir', 'access', 'exists', 'createReadStream'];
const NAMES = ['lstat', 'readlink', 'realpath'];
const WRITES = [
  'writeFile',
  'appendFile',
  'mkdir',
  'mkdtemp',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'copyFile',
  'cp',
  'symlink',
  'link',
  'truncate',
  'chmod',
  'chown',
  'utimes',
  'createWriteStream',
];
for (const [owner, prefix, suffixes] of [
  [fs, 'fs', ['', 'Sync']],
  [fs.promises, 'fs.promises', ['']],
] as const) {
  for (const suffix of suffixes) {
    for (const name of READS) {
      const api = `${prefix}.${name}${suffix}`;
      intercept(owner, name + suffix, (args) => recordPath(name === 'open' && isWriteFlag(args[1]) ? 'write' : 'read', api, true)(args));
    }
    for (const name of NAMES) intercept(owner, name + suffix, recordPath('resolve', `${prefix}.${name}${suffix}`, false));
    for (const name of WRITES) intercept(owner, name + suffix, recordPath('write', `${prefix}.${name}${suffix}`, false));
  }
}

// Code: every module compiled, and every native addon opened.
const extensions = (Module as unknown as { _extensions: Record<string, (module: unknown, filename: string) => void> })._extensions;
for (const extension of Object.keys(extensions))
  intercept(extensions, extension, (args) => record('load', `require ${extension}`, realTarget(String(args[1]))));
intercept(process, 'dlopen', (args) => record('load', 'process.dlopen', realTarget(String(args[1]))));
