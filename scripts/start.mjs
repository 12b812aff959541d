// `npm start`: builds, then opens examples/ in an editor with this extension loaded: desktop VS Code
// when `code` is on PATH, else code-server (the editor harness) served on http://127.0.0.1:8080.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const EXAMPLES = join(ROOT, 'examples');
const USAGE = 'usage: npm start [-- --port N]   (or PORT=N npm start); serves on 127.0.0.1 only, with no password';

function parsePort(argv) {
  let port = process.env.PORT || '8080';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = argv[++i];
    else if (argv[i].startsWith('--port=')) port = argv[i].slice('--port='.length);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${argv[i]}\n${USAGE}`);
      process.exit(2);
    }
  }
  const number = Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    console.error(`not a port: ${port}\n${USAGE}`);
    process.exit(2);
  }
  return number;
}

function build() {
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Desktop VS Code: the same flags F5 in this repo would use. */
function openInVsCode() {
  console.log(`opening ${EXAMPLES} in VS Code with the extension from ${ROOT}`);
  const code = spawn('code', [`--extensionDevelopmentPath=${ROOT}`, EXAMPLES], { stdio: 'inherit' });
  code.on('exit', (status) => process.exit(status ?? 0));
}

/** code-server with the repo linked in as an installed extension, so a window reload picks up a rebuild. */
async function serveCodeServer(port) {
  const harness = await import('../test/editor/harness.mjs');
  const missing = harness.missingPrerequisites({ browser: false });
  if (missing.length) {
    console.error(`cannot start code-server: ${harness.describeMissing(missing)}`);
    process.exit(1);
  }
  await harness.ensureHarness({ log: (line) => console.log(line) });
  const { makeProfile, startCodeServer } = await import('../test/editor/code-server.mjs');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const profile = makeProfile();
  mkdirSync(profile.extensionsDir, { recursive: true });
  symlinkSync(ROOT, join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');

  let server;
  try {
    server = await startCodeServer({ folder: EXAMPLES, port, profile });
  } catch (error) {
    const busy = /EADDRINUSE/.test(String(error?.message));
    console.error(busy ? `port ${port} is taken: try npm start -- --port ${port + 1}` : String(error?.message ?? error));
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`code-server exited (${code ?? signal}):\n${server.log()}`);
    server.stop().finally(() => process.exit(1));
  });
  console.log(`\niam-irsa is loaded in VS Code (code-server) on examples/:\n\n  ${server.url}\n`);
  console.log('After `npm run build`, run "Developer: Reload Window" there. Ctrl+C stops it.');
}

const port = parsePort(process.argv.slice(2));
build();
if (onPath('code')) openInVsCode();
else await serveCodeServer(port);
