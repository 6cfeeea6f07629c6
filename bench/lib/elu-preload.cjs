// Preloaded into a child (node --require) with BENCH_ELU=1: prints, once a second, the event-loop utilisation and
// the CPU the process used in that second, so a run can tell "busy on CPU" from "busy but off CPU" (descheduled,
// blocked in a syscall). Measurement only.
'use strict';
if (process.env.BENCH_ELU) {
  const { performance } = require('node:perf_hooks');
  let lastElu = performance.eventLoopUtilization();
  let lastCpu = process.cpuUsage();
  let lastT = process.hrtime.bigint();
  const t = setInterval(() => {
    const elu = performance.eventLoopUtilization(lastElu);
    const cpu = process.cpuUsage(lastCpu);
    const now = process.hrtime.bigint();
    const wallUs = Number(now - lastT) / 1000;
    lastElu = performance.eventLoopUtilization();
    lastCpu = process.cpuUsage();
    lastT = now;
    process.stderr.write(`bench-elu ${elu.utilization.toFixed(3)} cpu ${((cpu.user + cpu.system) / wallUs).toFixed(3)}\n`);
  }, 1000);
  t.unref();
}
