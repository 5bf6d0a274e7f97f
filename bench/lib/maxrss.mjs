// Preloaded into a benchmarked CLI run (node --import): reports the process's peak RSS and CPU
// time (user + system, including its worker threads) on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\nSTANCE_BENCH_MAXRSS_KB ${usage.maxRSS}\nSTANCE_BENCH_CPU_US ${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
