import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

// The lint tier: ESLint (eslint.config.mjs) and Prettier (.prettierrc.json) over the whole tree, as `npm run lint` runs them.
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A tool's own script from node_modules, run by this node in the repository; its exit status and all it printed. */
function run(script: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

test('ESLint finds no problem', { timeout: 300_000 }, async () => {
  const { status, output } = await run('eslint/bin/eslint.js', ['.']);
  assert.equal(status, 0, `ESLint found problems (\`npx eslint .\`):\n${output}`);
});

test('Prettier would reformat no file', { timeout: 120_000 }, async () => {
  const { status, output } = await run('prettier/bin/prettier.cjs', ['--check', '.']);
  assert.equal(status, 0, `Prettier would reformat these files (\`npm run format\` does):\n${output}`);
});
