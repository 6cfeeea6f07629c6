// Preloaded into a child (node --require) by the benchmarks when a CPU profile is asked for: starts the V8 sampling
// profiler at once and writes the profile to $BENCH_CPU_PROFILE on SIGWINCH (not SIGUSR2: Nest's shutdown hooks stop the app on SIGUSR2). (node --cpu-prof writes only on a normal
// exit, and Nest's shutdown hooks re-raise SIGTERM, so the built-in flag would lose the profile.)
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');

const out = process.env.BENCH_CPU_PROFILE;
if (out) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => {
    session.post('Profiler.setSamplingInterval', { interval: 500 }, () => {
      session.post('Profiler.start');
    });
  });
  process.on('SIGWINCH', () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) fs.writeFileSync(out, JSON.stringify(res.profile));
      process.stdout.write(`cpu profile written${err ? ` (failed: ${err.message})` : ''}\n`);
    });
  });
  // SIGPWR (unused otherwise on Linux) restarts the profile, so the bench can leave start-up and warm-up out
  process.on('SIGPWR', () => {
    session.post('Profiler.stop', () => session.post('Profiler.start'));
  });
}
