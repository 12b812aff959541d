// Starts and stops code-server for the editor tiers and `npm start`: its own process group, fresh
// profile folders, settings that keep the welcome page from stealing focus.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY } from './harness.mjs';
import { guardProcessGroup } from './reaper.mjs';

const HOST = '127.0.0.1';

/** Without these the welcome walkthrough or a trust prompt takes focus and UI tests fail. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  // The repository around examples/ would otherwise raise a git prompt over the Problems panel.
  'git.openRepositoryInParentFolders': 'never',
};

/** A port the OS just had free. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Fresh folders for one code-server: user data (with quiet settings), extensions, XDG config/data.
 * Given folders are used as they are, and kept afterwards.
 * @param {{ userDataDir?: string, extensionsDir?: string }} [given]
 */
export function makeProfile(given = {}) {
  const root = mkdtempSync(join(tmpdir(), 'iam-irsa-code-server-'));
  const userDataDir = given.userDataDir ?? join(root, 'user-data');
  const extensionsDir = given.extensionsDir ?? join(root, 'extensions');
  const xdg = join(root, 'xdg');
  for (const dir of [userDataDir, extensionsDir, join(userDataDir, 'User'), join(xdg, 'config'), join(xdg, 'data')]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(QUIET_SETTINGS, null, 2)}\n`);
  return {
    root,
    userDataDir,
    extensionsDir,
    env: {
      ...process.env,
      // code-server reads ~/.config/code-server/config.yaml and writes ~/.local/share/code-server: not here.
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      // No gallery (open-vsx.org): the machines are offline, and tests must not depend on it anyway.
      EXTENSIONS_GALLERY: '{}',
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Installs a .vsix into a profile's extensions folder with code-server's own CLI. */
export function installVsix(vsix, profile) {
  const args = [CODE_SERVER_ENTRY, '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir, '--install-extension', vsix];
  const result = spawnSync(process.execPath, args, { env: profile.env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/**
 * Starts code-server on `folder` and resolves once /healthz answers.
 * @param {{ folder?: string, port?: number, host?: string, profile?: ReturnType<typeof makeProfile>,
 *   output?: (chunk: string) => void }} options
 */
export async function startCodeServer({ folder, port, host = HOST, profile = makeProfile(), output = () => {} }) {
  const chosenPort = port ?? (await freePort());
  const args = [
    CODE_SERVER_ENTRY,
    '--auth',
    'none',
    '--bind-addr',
    `${host}:${chosenPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--extensions-dir',
    profile.extensionsDir,
    '--user-data-dir',
    profile.userDataDir,
    ...(folder ? [folder] : []),
  ];
  // detached: a group of its own, so stop() reaches the extension host and language server too.
  const child = spawn(process.execPath, args, { env: profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const unguard = guardProcessGroup(child.pid, profile.root);
  let log = '';
  const collect = (chunk) => {
    const text = chunk.toString('utf8');
    log = (log + text).slice(-20_000);
    output(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await killGroup(child.pid, exited);
      unguard();
      profile.remove();
    })();
    return stopping;
  };

  const url = `http://${host}:${chosenPort}/`;
  try {
    await waitForHealth(url, exited, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: chosenPort, host, pid: child.pid, profile, exited, stop, log: () => log };
}

async function waitForHealth(url, exited, log, timeoutMs = 60_000) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`code-server exited before it was healthy:\n${log()}`);
    try {
      const response = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs / 1000} s:\n${log()}`);
}

/** SIGTERM the group, SIGKILL what is left after a grace period, then make sure nothing survived. */
export async function killGroup(pgid, exited, graceMs = 3000) {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  // The leader may be gone while its children (extension host, language server) are not.
  for (let i = 0; i < 50 && signalGroup(pgid, i === 0 ? 'SIGKILL' : 0); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}
