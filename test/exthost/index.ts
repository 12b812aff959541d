// The entry VS Code's extension host loads for `--extensionTestsPath`: runs this folder's mocha
// suites inside the host, where the real `vscode` API and the extension under test are.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type MochaClass from 'mocha';

/** One mocha test's outcome, written for the node:test runner outside the editor to report. */
export interface ExtensionHostResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export async function run(): Promise<void> {
  // No colours: the output goes through the browser console and a pipe. log-symbols colours mocha's
  // ✔ when it loads (under CI=true too), so the switch comes before the import.
  process.env.NO_COLOR = '1';
  const { default: Mocha } = (await import('mocha')) as { default: typeof MochaClass };
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000 });
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(path.join(__dirname, name));
  }
  await mocha.loadFilesAsync();
  const results: ExtensionHostResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, error: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: error?.stack ?? String(error) }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
  });
  // Set by test/ui/extension-host.test.ts so each mocha test shows up in `npm test`'s count.
  const resultsFile = process.env.IAM_IRSA_EXTHOST_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
