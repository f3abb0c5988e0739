// Preloaded by the benchmark into the `ferry` process (node --import): at exit, writes the process's
// peak RSS and CPU seconds as JSON to the file named by FERRY_BENCH_USAGE_FILE. Plain JS, a few lines,
// so that it adds nothing measurable to what it measures.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  // The process's figures include its task worker threads'.
  const u = process.resourceUsage();
  const usage = { maxRssMb: u.maxRSS / 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 };
  writeFileSync(process.env.FERRY_BENCH_USAGE_FILE, JSON.stringify(usage));
});
