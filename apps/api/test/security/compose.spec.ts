import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '@gridops/server';
import { TEST_REDIS_URL, WORKSPACE, dropDatabase, freePort } from '@gridops/server-testing';
import { refusal, scratchDatabase } from './support/processes';

/**
 * The shipped image and docker-compose.yml, read as Docker would read them (Docker is not on the test machines): the
 * image runs as a non-root user, and the compose file's production mode with the demo settings refuses to start.
 */

type Env = Record<string, string>;
interface Service {
  command?: string[];
  environment?: Env;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  user?: string;
}
const compose = () => load(readFileSync(path.join(WORKSPACE, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

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
function containerEnv(service: string, vars: Env): Env {
  const s = compose().services[service];
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

describe('the image and docker-compose.yml (issue 13.1, 13.11)', () => {
  const scratch: string[] = [];
  afterEach(async () => {
    for (const name of scratch.splice(0)) await dropDatabase(name);
  });

  it('the image runs as the unprivileged `node` user', () => {
    expect(image().user).toBe('node');
    for (const [name, s] of Object.entries(compose().services)) if (s.user !== undefined) expect(`${name}: ${s.user}`).not.toMatch(/: (root|0)(:|$)/);
  });

  it('every service has a health check or waits for one, and the worker starts after the api is healthy (roles exist)', () => {
    const { services } = compose();
    for (const name of ['postgres', 'redis', 'api']) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
    expect(services.api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(services.worker.depends_on?.api).toEqual({ condition: 'service_healthy' });
  });

  it('`docker compose up` (no env file) is the demo: development mode, demo on, the app role for api and worker', () => {
    for (const service of ['api', 'worker']) {
      const config = loadConfig(containerEnv(service, {}));
      expect({ service, env: config.NODE_ENV, demo: config.DEMO }).toEqual({ service, env: 'development', demo: true });
      expect(new URL(config.DATABASE_URL).username).toBe('gridops_app');
    }
    expect(new URL(containerEnv('api', {}).MIGRATION_DATABASE_URL).username).toBe('postgres');
    // the worker never holds the superuser's URL
    expect(containerEnv('worker', {}).MIGRATION_DATABASE_URL).toBeUndefined();
  });

  it('production mode with the demo settings (the example env file as shipped) refuses to start and says what to set', async () => {
    const vars = envFile('infra/compose/production.env.example');
    expect(vars.NODE_ENV).toBe('production');
    const db = scratchDatabase('compose');
    scratch.push(db.name);
    const api = compose().services.api;
    expect(api.command?.slice(0, 2)).toEqual(['node', 'scripts/start.mjs']);
    const env = onThisMachine(containerEnv('api', vars), db.name, `gridops-sec-${randomBytes(4).toString('hex')}`);
    const stderr = await refusal(api.command?.[1] as string, api.command?.slice(2) ?? [], { ...env, PORT: String(await freePort()), SIM: 'off' });
    expect(stderr).toMatch(/JWT_SECRET/);
    expect(stderr).toMatch(/at least 32 bytes/);
  }, 40_000);

  it('production mode with the secrets filled in passes the configuration checks, with the app role for api and worker', () => {
    const vars = {
      ...envFile('infra/compose/production.env.example'),
      JWT_SECRET: randomBytes(48).toString('base64'),
      POSTGRES_PASSWORD: randomBytes(16).toString('hex'),
      DB_APP_PASSWORD: randomBytes(16).toString('hex'),
    };
    for (const service of ['api', 'worker']) {
      const config = loadConfig(containerEnv(service, vars));
      expect({ env: config.NODE_ENV, demo: config.DEMO, docs: config.API_DOCS }).toEqual({ env: 'production', demo: false, docs: false });
      const url = new URL(config.DATABASE_URL);
      expect({ user: url.username, password: url.password }).toEqual({ user: 'gridops_app', password: vars.DB_APP_PASSWORD });
    }
  });
});
