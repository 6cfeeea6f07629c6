import { FetchTransport } from './api-client';
import { loadSimConfig } from './config';
import { runLoop, stopSignal } from './runner';
import { Simulator } from './simulator';

/**
 * `node apps/simulator/dist/main.js`: the demo's living town against SIM_API (see docs/simulator.md). `npm start`
 * runs it in demo mode; SIM=off or SIM_RATE=0 switches it off.
 */
const log = (line: string) => process.stdout.write(`[sim] ${line}\n`);

async function main(): Promise<void> {
  const config = loadSimConfig();
  if (!config.enabled) {
    log('simulator is off (SIM=off or SIM_RATE=0)');
    return;
  }
  const signal = stopSignal();
  const stop = () => {
    if (signal.stopped) return;
    log('stopping after the current step');
    signal.stop();
    // a step waits at most for one request timeout; do not hang a shutdown on it beyond that
    setTimeout(() => process.exit(0), 12_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // an unexpected rejection must not kill the demo for everyone watching the board
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`));

  log(`a living town: ~${config.ratePerMinute} reports/min, speed ×${config.speed}, against ${config.api}`);
  const sim = new Simulator({ api: new FetchTransport(config.api), config, log });
  await runLoop(sim, config, signal, log);
  log('stopped');
}

main().catch((err: unknown) => {
  log(`fatal: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
