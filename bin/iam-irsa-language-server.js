#!/usr/bin/env node
'use strict';
// The language server for editors other than VS Code (Neovim, Helix, Emacs): LSP over stdin/stdout.
const path = require('node:path');

const NAME = 'iam-irsa-language-server';
const USAGE = `Usage: ${NAME} [--stdio] [--clientProcessId=PID]

The iam-irsa language server: checks AWS IAM policies and EKS ServiceAccounts
(IRSA, Pod Identity) in JSON, YAML, shell scripts and Terraform, and answers
completion, hover, code actions, definition and references. It speaks the
Language Server Protocol over stdin/stdout; an editor starts it, not a person.
Offline; no AWS credentials.

Options:
  --stdio                 talk LSP over stdin/stdout (the default and only transport)
  --clientProcessId=PID   exit when the editor's process PID is gone
  -h, --help              show this help
  -v, --version           show the version

Editor set-up (Neovim, Helix, Emacs): see "Other editors" in the README.
Settings: the options of VS Code's iamIrsa.* settings, sent as initializationOptions
{ "settings": { "checks": { "INVALID_ACTION": "warning" } } } or through
workspace/configuration (section "iamIrsa").
`;

/** What the command line asks for: 'help', 'version', the server's own arguments, or a usage error. */
function parse(args) {
  const serverArgs = ['--stdio'];
  for (const arg of args) {
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    if (arg === '--stdio') continue;
    if (/^--clientProcessId=\d+$/.test(arg)) serverArgs.push(arg);
    else if (arg.startsWith('-')) return { kind: 'error', message: `unknown option "${arg}"` };
    else return { kind: 'error', message: `unexpected argument "${arg}"` };
  }
  return { kind: 'serve', serverArgs };
}

const request = parse(process.argv.slice(2));
if (request.kind === 'help') {
  process.stdout.write(USAGE);
} else if (request.kind === 'version') {
  process.stdout.write(`${require('../package.json').version}\n`);
} else if (request.kind === 'error') {
  process.stderr.write(`${NAME}: ${request.message}\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  // vscode-languageserver picks its transport from process.argv.
  process.argv = [process.argv[0], process.argv[1], ...request.serverArgs];
  const server = path.join(__dirname, '..', 'dist', 'server.js');
  try {
    require.resolve(server);
  } catch {
    process.stderr.write(`${NAME}: ${server} is missing: build it with "npm run build"\n`);
    process.exit(2);
  }
  require(server);
}
