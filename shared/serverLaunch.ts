/**
 * The node options the language server is started with, by the VS Code extension (and by the tests and
 * the bench, which start it as the extension does). Other editors start it with their own command; the
 * README says how to add these there.
 *
 * `--max-semi-space-size=8` bounds V8's young generation at 2 × 8 MB, half of node's default on
 * 64-bit machines: measured by `npm run bench`, the server's peak memory after indexing 10,010 files
 * fell from 201-228 MB to 167-185 MB, with keystroke latency on the 100- and 1,000-statement policies
 * unchanged within the machine's noise (3.2-3.7 ms against 3.2 ms). Its cost: ~15 ms more start-up, as any V8
 * flag outside node's defaults makes V8 reject the code cache of node's own modules, built into node with
 * those defaults (median of 12 starts requiring child_process, worker_threads, net and url: 97 ms against 84).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=8'];
