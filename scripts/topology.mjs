#!/usr/bin/env node
// docker-compose.yml's production shape as processes on one machine (there is no Docker engine here): the migrate
// job once, then 2 api + 2 workers behind Debian's nginx, run with THE SAME proxy config as compose
// (infra/nginx/gridops.conf.template, filled in only with where nginx listens and the api instances' host:port).
// Like compose's `restart: unless-stopped`, a process that dies is started again. Needs the apps built.
//
//   node scripts/topology.mjs [--port 3100] [--free-ports] [--simulator] [--no-restart]
//
// Ports from --port N: nginx N, api-1/api-2 N+1/N+2, worker-1/worker-2 health N+3/N+4 and metrics N+5/N+6
// (--free-ports: any free ones). Settings come from the environment as in compose: DATABASE_URL (the app role),
// MIGRATION_DATABASE_URL (the migrate job only), REDIS_URL, REDIS_PREFIX, NODE_ENV, DEMO, JWT_SECRET, METRICS_TOKEN…
// Prints `topology ready {json}` (proxy URL, instances, pids, log folder) once the proxy answers /health/ready;
// SIGINT/SIGTERM stop everything (nginx first, then a graceful drain of each process). The soak (bench/soak.mjs)
// and apps/api/test/topology.spec.ts run on it.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROXY_TEMPLATE = path.join(ROOT, 'infra/nginx/gridops.conf.template');
const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** The template with its ${GRIDOPS_*} names filled in (what the nginx image's envsubst does in compose); nothing else is touched. */
export function renderProxyConfig(template, vars) {
  return template.replace(/\$\{(GRIDOPS_[A-Z0-9_]+)\}/g, (_, name) => {
    if (vars[name] === undefined) throw new Error(`the proxy template needs ${name}`);
    return vars[name];
  });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `url` until it answers 200 (or `deadlineMs` passes, or `gaveUp()` says the process is gone). */
async function ready(url, { timeoutMs = 60_000, gaveUp = () => null } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = gaveUp();
    if (why) throw new Error(why);
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (res?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${res?.status ?? 'no answer'})`);
    await sleep(200);
  }
}

/**
 * One long-running process of the topology, its output appended to <dir>/<name>.log, started again after an
 * unexpected exit when `restart` is on.
 */
function service({ name, command, args, env, healthUrl, dir, restart, onEvent }) {
  const log = createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
  let proc = null;
  let stopping = false;
  let restarts = 0;
  const running = () => proc !== null && proc.exitCode === null && proc.signalCode === null;
  const self = {
    name,
    healthUrl,
    get pid() {
      return proc?.pid ?? null;
    },
    get restarts() {
      return restarts;
    },
    running,
    /** no more restarts: the topology is going down (a signal to the whole process group reaches every child at once) */
    retire() {
      stopping = true;
    },
    async start() {
      stopping = false;
      const p = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      proc = p;
      p.stdout.pipe(log, { end: false });
      p.stderr.pipe(log, { end: false });
      p.once('exit', (code, signal) => {
        log.write(`\n[topology] ${name} exited (${signal ?? code})\n`);
        if (stopping || !restart || proc !== p) return;
        onEvent?.({ type: 'exit', name, code, signal });
        // compose's restart policy: start it again, after a short pause (a crash loop must not spin)
        setTimeout(() => {
          if (stopping || proc !== p) return;
          restarts++;
          self.start().then(
            () => onEvent?.({ type: 'restarted', name, pid: self.pid }),
            (err) => onEvent?.({ type: 'restart-failed', name, error: err.message }),
          );
        }, 500);
      });
      if (healthUrl) await ready(healthUrl, { gaveUp: () => (p.exitCode !== null || p.signalCode !== null ? `${name} exited during start; see ${path.join(dir, `${name}.log`)}` : null) });
    },
    /** a signal, as an operator or the kernel would send it (SIGKILL = a crash; the restart policy brings it back) */
    kill(signal = 'SIGKILL') {
      if (running()) proc.kill(signal);
    },
    /** graceful stop: `signal`, then SIGKILL after `graceMs` */
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      stopping = true;
      const p = proc;
      if (!p || !running()) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill(signal);
      const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return self;
}

/**
 * Start the topology. `env` is what compose's services get (DATABASE_URL, MIGRATION_DATABASE_URL, REDIS_URL, …);
 * `ports` as for the CLI; `simulator` adds the demo's simulator talking to the proxy.
 */
export async function startTopology({ env = process.env, port = 3100, freePorts = false, simulator = false, restart = true, dir, onEvent } = {}) {
  const ports = freePorts ? await Promise.all(Array.from({ length: 7 }, () => freePort())) : Array.from({ length: 7 }, (_, i) => port + i);
  const [proxyPort, api1, api2, health1, health2, metrics1, metrics2] = ports;
  dir ??= mkdtempSync(path.join(tmpdir(), 'gridops-topology-'));
  mkdirSync(dir, { recursive: true });
  const proxyUrl = `http://127.0.0.1:${proxyPort}`;

  // what every service shares (compose's x-app block); the migration URL only ever reaches the migrate job
  const shared = { LOG_LEVEL: 'warn', TRUST_PROXY_HOPS: '1', PUBLIC_BASE_URL: proxyUrl, ...env, HOST: '127.0.0.1' };
  delete shared.MIGRATION_DATABASE_URL;
  delete shared.PORT;

  // 1. the migrate job, once: create the database if missing, roles, migrations, seed (compose's `migrate` service)
  const migrate = spawnSync(process.execPath, ['scripts/start.mjs', '--migrate-only', '--no-build'], { cwd: ROOT, env: { ...shared, MIGRATION_DATABASE_URL: env.MIGRATION_DATABASE_URL ?? '' }, encoding: 'utf8' });
  writeFileSync(path.join(dir, 'migrate.log'), `${migrate.stdout}${migrate.stderr}`);
  if (migrate.status !== 0) throw new Error(`the migrate job failed (${migrate.status}):\n${migrate.stdout}${migrate.stderr}`);

  const node = (name, script, extra, healthUrl) =>
    service({ name, command: process.execPath, args: [path.join(ROOT, script)], env: { ...shared, ...extra }, healthUrl, dir, restart, onEvent });
  const apis = [
    node('api-1', 'apps/api/dist/main.js', { PORT: String(api1) }, `http://127.0.0.1:${api1}/health/ready`),
    node('api-2', 'apps/api/dist/main.js', { PORT: String(api2) }, `http://127.0.0.1:${api2}/health/ready`),
  ];
  const workers = [
    node('worker-1', 'apps/worker/dist/main.js', { WORKER_HEALTH_PORT: String(health1), WORKER_METRICS_PORT: String(metrics1) }, `http://127.0.0.1:${health1}/health/ready`),
    node('worker-2', 'apps/worker/dist/main.js', { WORKER_HEALTH_PORT: String(health2), WORKER_METRICS_PORT: String(metrics2) }, `http://127.0.0.1:${health2}/health/ready`),
  ];
  const started = [];
  const stop = async () => {
    const list = started.splice(0).reverse();
    for (const s of list) s.retire();
    // the proxy first (no new requests), then each process drains on SIGTERM (SHUTDOWN_TIMEOUT_MS bounds it)
    for (const s of list) await s.stop(s.name === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
  };
  try {
    // 2. 2 api + 2 workers, each healthy before the proxy opens (compose: depends_on … service_healthy)
    await Promise.all(
      [...apis, ...workers].map(async (s) => {
        started.push(s);
        await s.start();
      }),
    );

    // 3. the proxy: compose's nginx config file, rendered for these host:ports, inside a minimal main config
    const conf = renderProxyConfig(readFileSync(PROXY_TEMPLATE, 'utf8'), {
      GRIDOPS_PROXY_LISTEN: `127.0.0.1:${proxyPort}`,
      GRIDOPS_API_1: `127.0.0.1:${api1}`,
      GRIDOPS_API_2: `127.0.0.1:${api2}`,
    });
    writeFileSync(path.join(dir, 'gridops.conf'), conf);
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(path.join(dir, 'nginx-tmp', t), { recursive: true });
      // nginx's workers drop to `nobody` when the master runs as root: they must be able to buffer bodies here
      chmodSync(path.join(dir, 'nginx-tmp', t), 0o777);
    }
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'nginx-tmp'), 0o755);
    const tmp = (t) => path.join(dir, 'nginx-tmp', t);
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        // a graceful stop (SIGQUIT) waits for open websockets; bound it
        'worker_shutdown_timeout 5s;',
        `pid ${path.join(dir, 'nginx.pid')};`,
        `error_log ${path.join(dir, 'nginx-error.log')} warn;`,
        'events { worker_connections 4096; }',
        'http {',
        '  access_log off;',
        `  client_body_temp_path ${tmp('client_body')}; proxy_temp_path ${tmp('proxy')};`,
        `  fastcgi_temp_path ${tmp('fastcgi')}; uwsgi_temp_path ${tmp('uwsgi')}; scgi_temp_path ${tmp('scgi')};`,
        `  include ${path.join(dir, 'gridops.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
    const nginx = service({
      name: 'nginx',
      command: NGINX,
      args: ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'nginx-error.log')],
      env: process.env,
      healthUrl: `${proxyUrl}/health/ready`,
      dir,
      restart,
      onEvent,
    });
    started.push(nginx);
    await nginx.start();

    let sim = null;
    if (simulator) {
      sim = service({ name: 'simulator', command: process.execPath, args: [path.join(ROOT, 'apps/simulator/dist/main.js')], env: { ...shared, SIM_API: proxyUrl }, dir, restart, onEvent });
      started.push(sim);
      await sim.start();
    }
    const byName = Object.fromEntries([...apis, ...workers, nginx, ...(sim ? [sim] : [])].map((s) => [s.name, s]));
    return {
      dir,
      proxyUrl,
      apis: apis.map((s, i) => ({ name: s.name, url: `http://127.0.0.1:${[api1, api2][i]}` })),
      workers: workers.map((s, i) => ({ name: s.name, healthUrl: s.healthUrl, metricsUrl: `http://127.0.0.1:${[metrics1, metrics2][i]}/metrics` })),
      services: byName,
      describe: () => ({
        proxyUrl,
        dir,
        apis: apis.map((s, i) => ({ name: s.name, url: `http://127.0.0.1:${[api1, api2][i]}`, pid: s.pid })),
        workers: workers.map((s, i) => ({ name: s.name, healthUrl: s.healthUrl, metricsUrl: `http://127.0.0.1:${[metrics1, metrics2][i]}/metrics`, pid: s.pid })),
        nginx: { pid: nginx.pid },
      }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const portAt = argv.indexOf('--port');
  const topology = await startTopology({
    port: portAt >= 0 ? Number(argv[portAt + 1]) : 3100,
    freePorts: argv.includes('--free-ports'),
    simulator: argv.includes('--simulator'),
    restart: !argv.includes('--no-restart'),
    onEvent: (e) => process.stdout.write(`topology ${e.type} ${JSON.stringify(e)}\n`),
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await topology.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.stdout.write(`topology ready ${JSON.stringify(topology.describe())}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  });
}
