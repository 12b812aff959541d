// `npm run fuzz -- [--seed N] [--cases N] [--time SECONDS] [--corpus STEP] [--case N] [--hang SECONDS]`:
// mutated and generated documents through the language service in-process (test/support/fuzz), for
// longer than `npm test` does. A failing or hanging case is written to test-results/fuzz/ with the
// command that replays it alone. Run `tsc -b` first (the npm script does).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { fuzzInWorker } = require(join(root, 'out/test/support/fuzz/worker.js'));
const { describeSlowest } = require(join(root, 'out/test/support/fuzz/campaign.js'));

const USAGE = 'usage: npm run fuzz -- [--seed N] [--cases N] [--time SECONDS] [--corpus STEP] [--case N] [--hang SECONDS]';
const args = { seed: Date.now() % 2 ** 31, cases: 1_000_000, time: 60, corpus: 0, case: undefined, hang: 30 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const name = argv[i].replace(/^--/, '');
  const value = Number(argv[++i]);
  if (!(name in args) || !Number.isFinite(value) || value < 0) {
    console.error(USAGE);
    process.exit(2);
  }
  args[name] = value;
}

console.log(
  `fuzz: seed ${args.seed}, ${args.case !== undefined ? `case ${args.case} alone` : `up to ${args.cases} cases in ${args.time} s`}${args.corpus ? `, every ${args.corpus}th managed policy` : ''}`,
);
let seen = 0;
let last = Date.now();
try {
  const summary = await fuzzInWorker(
    { seed: args.seed, cases: args.cases, timeMs: args.time * 1000, corpusStep: args.corpus, onlyCase: args.case },
    args.hang * 1000,
    () => {
      seen++;
      if (Date.now() - last > 5000) {
        last = Date.now();
        console.log(`  ${seen} cases…`);
      }
    },
  );
  console.log(`fuzz: ${summary.cases} cases, ${summary.calls} calls in ${(summary.ms / 1000).toFixed(1)} s, no exception, every range inside its document`);
  console.log(`slowest calls:\n${describeSlowest(summary, 10)}`);
} catch (error) {
  console.error(`fuzz: FAILED (seed ${args.seed})\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
