// `node --require bench/support/process-usage.cjs …`: when the process exits, writes its peak
// RSS and CPU time as JSON to the file named by KILN_BENCH_USAGE, so a bench can report the
// memory of a whole CLI run (spawnSync gives only the wall time).
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeFileSync(process.env.KILN_BENCH_USAGE, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
});
