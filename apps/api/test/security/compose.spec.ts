import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { YAML11_SCHEMA, load } from 'js-yaml';
import { loadConfig } from '@gridops/server';
import { TEST_REDIS_URL, WORKSPACE, dropDatabase, freePort } from '@gridops/server-testing';
import { refusal, scratchDatabase } from './support/processes';

/**
 * The shipped image, docker-compose.yml and docker-compose.demo.yml, read as Docker would read them (Docker is not on
 * the test machines): the production shape (one migrate job, 2 api + 2 workers behind the proxy, volumes, health
 * checks, non-root), production mode with the demo settings refusing to start, the demo only in the override file.
 * That the shape works is tested with processes in apps/api/test/topology.spec.ts (scripts/topology.mjs).
 */

type Env = Record<string, string>;
interface Service {
  command?: string[];
  environment?: Env;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  user?: string;
  restart?: string;
  ports?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}
/** YAML 1.1, as compose reads it: `<<` merge keys resolved. */
const read = (file: string) => load(readFileSync(path.join(WORKSPACE, file), 'utf8'), { schema: YAML11_SCHEMA }) as ComposeFile;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** compose's merge of `-f a.yml -f b.yml`: mappings merge key by key, anything else the later file replaces. */
function merge(a: unknown, b: unknown): unknown {
  if (!isObject(a) || !isObject(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
  return out;
}
const compose = (...overrides: string[]): ComposeFile => overrides.reduce((acc, f) => merge(acc, read(f)) as ComposeFile, read('docker-compose.yml'));
const DEMO = 'docker-compose.demo.yml';
const APPS = ['api-1', 'api-2', 'worker-1', 'worker-2'];

/** The runtime stage of the Dockerfile: its ENV and its last USER. */
function image(): { env: Env; user: string } {
  const text = readFileSync(path.join(WORKSPACE, 'infra/docker/Dockerfile'), 'utf8');
  const stages = text.split(/^FROM /m);
  const last = stages[stages.length - 1];
  const env: Env = {};
  for (const m of last.matchAll(/^ENV\s+([A-Z_]+)=(\S+)/gm)) env[m[1]] = m[2];
  const users = [...last.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
  return { env, user: users[users.length - 1] ?? 'root' };
}

/** A dotenv file as `docker compose --env-file` reads it (KEY=VALUE lines, # comments). */
function envFile(file: string): Env {
  const out: Env = {};
  for (const line of readFileSync(path.join(WORKSPACE, file), 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $$. */
function interpolate(value: string, vars: Env): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (whole, name: string | undefined, colon: string, op: string, arg: string) => {
    if (whole === '$$') return '$';
    const v = vars[name as string];
    const unset = v === undefined || (colon === ':' && v === '');
    if (op === '-') return unset ? arg : v;
    if (op === '?') {
      if (unset) throw new Error(`compose refuses: ${name}: ${arg}`);
      return v;
    }
    return v ?? '';
  });
}

/** What the container's process sees: the image's ENV, then the service's environment, interpolated. */
function containerEnv(file: ComposeFile, service: string, vars: Env): Env {
  const s = file.services[service];
  const env: Env = { ...image().env };
  for (const [k, v] of Object.entries(s.environment ?? {})) env[k] = interpolate(String(v), vars);
  return env;
}

/** Point the service names at this machine's Postgres and Redis, and at a database of the test's own. */
function onThisMachine(env: Env, database: string, redisPrefix: string): Env {
  const out: Env = {};
  for (const [k, v] of Object.entries(env)) {
    out[k] = v
      .replace(/@postgres:5432\/gridops\b/, `@127.0.0.1:5432/${database}`)
      .replace(/^redis:\/\/redis:6379$/, TEST_REDIS_URL);
  }
  return { ...out, REDIS_PREFIX: redisPrefix };
}

describe('the image, docker-compose.yml and docker-compose.demo.yml (issue 13.1, 13.11, 16.4)', () => {
  const scratch: string[] = [];
  afterEach(async () => {
    for (const name of scratch.splice(0)) await dropDatabase(name);
  });

  it('runs every container as an unprivileged user: the image as `node`, Postgres, Redis and nginx as their own', () => {
    expect(image().user).toBe('node');
    const { services } = compose(DEMO);
    for (const [name, s] of Object.entries(services)) if (s.user !== undefined) expect(`${name}: ${s.user}`).not.toMatch(/: (root|0)(:|$)/);
    expect([services.postgres.user, services.redis.user, services.proxy.user]).toEqual(['postgres', 'redis', '101:101']);
  });

  it('is one migrate job run once, 2 api + 2 workers (no worker inside an api) and a proxy, Postgres and Redis on volumes', () => {
    const { services, volumes } = compose();
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'migrate', 'postgres', 'proxy', 'redis', 'worker-1', 'worker-2']);
    expect(services.migrate.command).toEqual(['node', 'scripts/start.mjs', '--migrate-only', '--no-build']);
    expect(services.migrate.restart).toBe('no');
    // only the migrate job holds the superuser's URL
    for (const [name, s] of Object.entries(services)) expect({ name, migration: 'MIGRATION_DATABASE_URL' in (s.environment ?? {}) }).toEqual({ name, migration: name === 'migrate' });
    for (const name of ['api-1', 'api-2']) expect(services[name].command).toEqual(['node', 'apps/api/dist/main.js']);
    for (const name of ['worker-1', 'worker-2']) expect(services[name].command).toEqual(['node', 'apps/worker/dist/main.js']);
    for (const name of APPS) {
      expect(services[name].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[name].restart).toBe('unless-stopped');
    }
    // the proxy is the only way in
    for (const [name, s] of Object.entries(services)) expect({ name, published: (s.ports ?? []).length > 0 }).toEqual({ name, published: name === 'proxy' });
    expect(services.postgres.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(services.redis.volumes).toEqual(['redisdata:/data']);
    expect(Object.keys(volumes ?? {}).sort()).toEqual(['pgdata', 'redisdata', 'uploads']);
  });

  it('checks health on /health/ready (api, worker health port) and /health/live (through the proxy); the proxy waits for both apis', () => {
    const { services } = compose();
    for (const name of ['postgres', 'redis']) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
    for (const name of ['api-1', 'api-2']) expect(services[name].healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/health/ready');
    for (const name of ['worker-1', 'worker-2']) {
      expect(services[name].healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${services[name].environment?.WORKER_HEALTH_PORT}/health/ready`);
      expect(services[name].environment?.WORKER_HEALTH_PORT).toBe('3001');
    }
    expect(services.proxy.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:8080/health/live');
    expect(services.proxy.depends_on).toEqual({ 'api-1': { condition: 'service_healthy' }, 'api-2': { condition: 'service_healthy' } });
  });

  it('gives the proxy the one nginx config file of the repository, every template variable set, pointing at the api services', () => {
    const { proxy } = compose().services;
    expect(proxy.volumes).toEqual(['./infra/nginx/gridops.conf.template:/etc/nginx/templates/default.conf.template:ro']);
    const template = readFileSync(path.join(WORKSPACE, 'infra/nginx/gridops.conf.template'), 'utf8');
    const names = [...new Set([...template.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]))].sort();
    expect(names).toEqual(['GRIDOPS_API_1', 'GRIDOPS_API_2', 'GRIDOPS_PROXY_LISTEN']);
    expect(proxy.environment).toEqual({ GRIDOPS_PROXY_LISTEN: '8080', GRIDOPS_API_1: 'api-1:3000', GRIDOPS_API_2: 'api-2:3000' });
  });

  it('`docker compose up` is production: without the env file the migrate job and the api refuse, saying what to set', async () => {
    for (const service of APPS) expect({ service, env: containerEnv(compose(), service, {}).NODE_ENV }).toEqual({ service, env: 'production' });
    const db = scratchDatabase('compose');
    scratch.push(db.name);
    const file = compose();
    for (const service of ['migrate', 'api-1']) {
      const { command } = file.services[service];
      const env = onThisMachine(containerEnv(file, service, {}), db.name, `gridops-sec-${randomBytes(4).toString('hex')}`);
      const stderr = await refusal(command?.[1] as string, command?.slice(2) ?? [], { ...env, PORT: String(await freePort()) });
      expect(stderr).toMatch(/JWT_SECRET/);
    }
  }, 60_000);

  it('the demo is only the override file: development mode, demo on, the app role for api and workers, the simulator through the proxy', () => {
    const file = compose(DEMO);
    for (const service of APPS) {
      const config = loadConfig(containerEnv(file, service, {}));
      expect({ service, env: config.NODE_ENV, demo: config.DEMO }).toEqual({ service, env: 'development', demo: true });
      expect(new URL(config.DATABASE_URL).username).toBe('gridops_app');
    }
    expect(new URL(containerEnv(file, 'migrate', {}).MIGRATION_DATABASE_URL).username).toBe('postgres');
    expect(file.services.postgres.environment?.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(file.services.simulator.environment?.SIM_API).toBe('http://proxy:8080');
    // the base file alone never turns demo on
    for (const service of APPS) expect(loadConfig(containerEnv(compose(), service, { JWT_SECRET: randomBytes(48).toString('base64') })).DEMO).toBe(false);
  });

  it('production mode with the demo settings (the example env file as shipped) refuses to start and says what to set', async () => {
    const vars = envFile('infra/compose/production.env.example');
    expect(vars.NODE_ENV).toBe('production');
    const db = scratchDatabase('compose');
    scratch.push(db.name);
    const { command } = compose().services.migrate;
    const env = onThisMachine(containerEnv(compose(), 'migrate', vars), db.name, `gridops-sec-${randomBytes(4).toString('hex')}`);
    const stderr = await refusal(command?.[1] as string, command?.slice(2) ?? [], { ...env, PORT: String(await freePort()), SIM: 'off' });
    expect(stderr).toMatch(/JWT_SECRET/);
    expect(stderr).toMatch(/at least 32 bytes/);
  }, 40_000);

  it('production mode with the secrets filled in passes the configuration checks, with the app role for api and workers', () => {
    const vars = {
      ...envFile('infra/compose/production.env.example'),
      JWT_SECRET: randomBytes(48).toString('base64'),
      POSTGRES_PASSWORD: randomBytes(16).toString('hex'),
      DB_APP_PASSWORD: randomBytes(16).toString('hex'),
    };
    for (const service of APPS) {
      const config = loadConfig(containerEnv(compose(), service, vars));
      expect({ env: config.NODE_ENV, demo: config.DEMO, docs: config.API_DOCS }).toEqual({ env: 'production', demo: false, docs: false });
      const url = new URL(config.DATABASE_URL);
      expect({ user: url.username, password: url.password }).toEqual({ user: 'gridops_app', password: vars.DB_APP_PASSWORD });
    }
  });
});
