#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron cannot download here: takes VS
// Code's arguments, runs the extension tests in code-server's extension host through headless
// Chromium, relays their output, and exits with their code.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { openBrowser } from './browser.mjs';
import { makeProfile, startCodeServer } from './code-server.mjs';
import { describeMissing, ensureHarness, missingPrerequisites } from './harness.mjs';

const TIMEOUT_MS = Number(process.env.IAM_IRSA_EXTHOST_TIMEOUT_MS || 180_000);
const VALUE_FLAGS = new Set(['--extensionDevelopmentPath', '--extensionTestsPath', '--user-data-dir', '--extensions-dir']);

/**
 * VS Code's command line: `--name=value` or `--name value` for the flags that matter, every other
 * flag ignored, the first bare argument is the folder.
 * @param {string[]} argv
 */
export function parseArguments(argv) {
  const parsed = { developmentPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let name = arg;
    let value;
    if (arg.startsWith('--') && arg.includes('=')) [name, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    else if (VALUE_FLAGS.has(arg)) value = argv[++i];
    if (name === '--extensionDevelopmentPath') parsed.developmentPaths.push(value);
    else if (name === '--extensionTestsPath') parsed.testsPath = value;
    else if (name === '--user-data-dir') parsed.userDataDir = value;
    else if (name === '--extensions-dir') parsed.extensionsDir = value;
    else if (!arg.startsWith('-') && parsed.folder === undefined) parsed.folder = arg;
  }
  return parsed;
}

/** The workbench URL whose `payload` makes code-server's web client load and run the extension tests. */
export function testUrl(serverUrl, { folder, developmentPaths, testsPath }) {
  const authority = new URL(serverUrl).host;
  const remote = (path) => `vscode-remote://${authority}${path}`;
  const payload = [...developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(testsPath)]];
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  query.set('payload', JSON.stringify(payload));
  return `${serverUrl}?${query}`;
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  if (!args.testsPath || args.developmentPaths.length === 0) {
    console.error('code-launcher: needs --extensionDevelopmentPath= and --extensionTestsPath= (it only runs extension tests)');
    return 2;
  }
  const missing = missingPrerequisites();
  if (missing.length) {
    console.error(`code-launcher: cannot run: ${describeMissing(missing)}`);
    return 1;
  }
  await ensureHarness();

  const profile = makeProfile({ userDataDir: args.userDataDir, extensionsDir: args.extensionsDir });
  const server = await startCodeServer({
    folder: args.folder,
    profile,
    // code-server's own log (extension host launch and exit, language server crashes), on request.
    output: process.env.IAM_IRSA_LAUNCHER_VERBOSE ? (text) => process.stderr.write(`[code-server] ${text}`) : undefined,
  });
  let browser;
  const cleanup = async () => {
    // The workbench as the tests left it (or as it hung), when the caller asks for a picture.
    const screenshot = process.env.IAM_IRSA_LAUNCHER_SCREENSHOT;
    if (screenshot) await browser?.page.screenshot({ path: screenshot }).catch(() => {});
    await browser?.close();
    await server.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)));
  }

  try {
    browser = await openBrowser();
    const { page } = browser;
    let exit;
    const exitCode = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    const relay = consoleRelay();
    page.on('console', relay.write);
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    await page.goto(testUrl(server.url, args));
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        console.error(
          `code-launcher: the extension tests did not finish within ${TIMEOUT_MS / 1000} s (no codeAutomationExit); set IAM_IRSA_EXTHOST_TIMEOUT_MS to wait longer`,
        );
        resolve(124);
      }, TIMEOUT_MS);
    });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    await relay.flushed();
    return code;
  } finally {
    await cleanup();
  }
}

/**
 * The extension host's console (mocha's reporter included) reaches the page as workbench log lines,
 * `console.log('%c INFO', 'color: #33f', format, ...args)`: print them as the host wrote them.
 * Workbench lines come through too; they cannot be told apart.
 */
function consoleRelay() {
  let queue = Promise.resolve(); // jsonValue() is async: keep the lines in order
  const write = (message) => {
    const values = Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
    queue = queue
      .then(async () => {
        const args = await values;
        let level = message.type();
        if (typeof args[0] === 'string' && args[0].startsWith('%c')) {
          level = args[0].slice(2).trim().toLowerCase();
          args.splice(0, 2);
        }
        const text = args.length ? format(...args) : message.text();
        if (!text.trim()) return;
        const prefix = level === 'info' || level === 'log' ? '' : `[${level}] `;
        process.stdout.write(`${prefix}${text}\n`);
      })
      .catch(() => {}); // a line that cannot be read must not stop the ones after it
  };
  return { write, flushed: () => queue };
}

// Run as the "VS Code executable"; importing it (for parseArguments, testUrl) runs nothing.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`code-launcher: ${error?.stack ?? error}`);
      process.exit(1);
    },
  );
}
