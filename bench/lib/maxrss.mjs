// Preloaded into a benchmarked CLI run (node --import): reports the process's peak RSS on exit.
process.on('exit', () =>
  process.stderr.write(`\nSTANCE_BENCH_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`),
);
