// Loaded into a server under test (node --expose-gc --require): on SIGUSR2 the process collects its
// garbage, then reports its memory on stderr, so that a test reads what is live, not what is pending.
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stderr.write(`memory-probe ${JSON.stringify(process.memoryUsage())}\n`);
});
