import { z } from 'zod';
import { parseScoreWeights } from '@gridops/domain';

/** The demo secret: in the source for anyone to read, so refused in production. */
export const DEMO_JWT_SECRET = 'gridops-demo-secret-change-me';
/** The shortest JWT_SECRET production accepts (HS256 keys should be at least as long as the hash). */
export const JWT_SECRET_MIN_BYTES = 32;
/** This machine's trust-auth Postgres: migrations as the superuser, the api and worker as the app role. */
const LOCAL_MIGRATION_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/gridops';
const LOCAL_APP_DATABASE_URL = 'postgres://gridops_app@127.0.0.1:5432/gridops';

/**
 * A refusal to start, for an operator to read: the message says what to set. Entry points print its message alone
 * (no stack) and exit 1.
 */
export class StartupRefused extends Error {
  constructor(readonly problems: string[]) {
    super(
      `gridops will not start in production (NODE_ENV=production):\n${problems.map((p) => `  ✗ ${p}`).join('\n')}\n` +
        'See docs/operations.md, "Production checklist".',
    );
    this.name = 'StartupRefused';
  }
}

/** `true`: any origin (a dev machine); `false`: same origin only; else the allowed origins. */
export type CorsOrigins = boolean | string[];

/** The worker's metrics port unless WORKER_METRICS_PORT says otherwise (Prometheus's node exporter range). */
export const DEFAULT_WORKER_METRICS_PORT = 9464;

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * Everything the server reads from its environment, checked once at start. Local defaults match this machine and
 * docker-compose.yml; PORT, DATABASE_URL and REDIS_URL override them. An empty value counts as unset (compose passes
 * `${VAR:-}` through as an empty string).
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** what the api and worker connect with: the app role (read and write, append-only timeline, no DDL) */
  DATABASE_URL: z.string().optional(),
  /**
   * what `npm start` / `npm run db:migrate` migrate and seed with: a superuser or the owner role. Defaults to
   * DATABASE_URL when that is set (one URL, as before the role split), else this machine's superuser. Never passed
   * on to the api and worker processes.
   */
  MIGRATION_DATABASE_URL: z.string().optional(),
  /** the role that owns the schema; migrations run as it (the migrate step creates it when it connects as a superuser) */
  DB_OWNER_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case Postgres role name')
    .default('gridops_owner'),
  /**
   * a streaming replica of DATABASE_URL's database, same role: the api's reads that tolerate a few seconds of lag
   * (board, analytics, open map, case lists, live replay) go there while it is up and close behind; writes and
   * read-your-write paths stay on the primary (docs/read-replica.md). Unset: everything on the primary.
   */
  DATABASE_READ_URL: z.string().optional(),
  /** how far behind the primary the replica may be before its reads go to the primary instead */
  READ_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
  /** how often the replica's lag and reachability are checked */
  READ_REPLICA_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Postgres connections per process; api and workers together must stay under the server's max_connections */
  DB_POOL_MAX: z.coerce.number().int().min(2).max(100).default(10),
  /** BullMQ and pub/sub key prefix, so tests and several stacks can share one Redis */
  REDIS_PREFIX: z.string().default('gridops'),
  /** signs access and refresh tokens; in production required, not the demo value, at least 32 bytes */
  JWT_SECRET: z.string().optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).default(7 * 24 * 3600),
  /**
   * demo mode seeds one user per role and district with a known password and the demo API keys, and prints them.
   * Default on, except in production, where it is on only when DEMO=true is set by name.
   */
  DEMO: booleanFlag.optional(),
  /** OpenAPI at /api/docs: default on, off in production (where API_DOCS=true serves it behind an admin sign-in) */
  API_DOCS: booleanFlag.optional(),
  /**
   * origins allowed to call the API from a browser on another origin, comma-separated (`https://ops.example.gov.cn`).
   * Unset: any origin on a dev machine, none in production (the console is served from the api's own origin).
   */
  CORS_ORIGINS: z.string().max(4000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * how many reverse-proxy hops to trust for the client address (X-Forwarded-For); 0 = none. Trusting more than
   * there are lets a client pick its own address and slip past the login rate limit.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** how long a worker holds a job before others may take it over (BullMQ lockDuration): a crashed worker's job resumes after this */
  JOB_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /**
   * graceful shutdown (SIGTERM/SIGINT): how long draining may take — in-flight requests, running jobs, the relay's
   * batch — before the process exits anyway (exit 1); a clean drain exits 0
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * api only: after SIGTERM, how long it keeps accepting connections while `/health/ready` already answers 503
   * `draining`, so a load balancer's probe takes it out of rotation before connections are refused (0 = stop at once)
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  /** worker only: port of its small HTTP server for `/health/live` and `/health/ready`; 0 = none */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Open311 GeoReport v2: this town's jurisdiction_id (a request naming another one is answered 404) */
  OPEN311_JURISDICTION_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{0,99}$/)
    .default('changzheng.putuo.shanghai'),
  /**
   * the address the public reaches this API at (scheme, host, optional path; no trailing slash): links handed to
   * outsiders — Open311's media_url and discovery endpoint — are built on it, never on a request's Host header
   */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !/[?#]/.test(u), 'no query or fragment')
    .transform((u) => u.replace(/\/+$/, ''))
    .default('http://localhost:3000'),
  /** where the built console lives, served on the API's port */
  CONSOLE_DIST: z.string().optional(),
  /** weights of the composite KPI score (综合指标值), e.g. `onTime:0.4,closure:0.3,grassRoots:0.2,rework:0.1` (docs/kpis.md) */
  KPI_SCORE_WEIGHTS: z
    .string()
    .max(200)
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseScoreWeights(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  /** 趋势预警: the worker plans a `trends.detect` run every TREND_RUN_INTERVAL_MS (docs/kpis.md); `false` plans none */
  TREND_WARNINGS: booleanFlag.default(true),
  /** a rate whose base (denominator) is below this is shown as "—", not as a coloured rate, and left out of scores (docs/kpis.md) */
  KPI_MIN_BASE: z.coerce.number().int().min(1).max(10_000).default(5),
  /** photos and attachments (local folder storage), relative to the working directory unless absolute */
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  /** largest photo upload in bytes (default 10 MiB); larger ones are refused with 413 */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** how long a signed photo URL (for `<img src>`) stays valid, in seconds */
  ATTACHMENT_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(3600),
  /**
   * bearer token for GET /metrics (at least 16 characters): with it set, the api and the worker serve their figures
   * only to `Authorization: Bearer <token>`; unset, the api serves /metrics on a development machine only (404 in
   * production) and the worker to whoever reaches its metrics port (docs/operations.md, "Metrics")
   */
  METRICS_TOKEN: z.string().min(16).max(200).optional(),
  /** the worker's own HTTP port for GET /metrics; 0 = off. Default 9464, off under NODE_ENV=test */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** the address the worker's metrics port binds to: loopback by default; `0.0.0.0` for a scraper in another container */
  WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  /** largest 12345 export file (CSV/XLSX) in bytes, default 5 MiB */
  HOTLINE_IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
  /** largest geography file (GeoJSON of 片区 and 网格 outlines, docs/geography.md) in bytes, default 5 MiB */
  GEOGRAPHY_IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
  /** most data rows one 12345 import may hold */
  HOTLINE_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(20_000).default(2000),
});

type ParsedEnv = z.infer<typeof envSchema>;

export type AppConfig = Omit<ParsedEnv, 'DATABASE_URL' | 'MIGRATION_DATABASE_URL' | 'JWT_SECRET' | 'DEMO' | 'API_DOCS' | 'CORS_ORIGINS' | 'WORKER_METRICS_PORT'> & {
  WORKER_METRICS_PORT: number;
  DATABASE_URL: string;
  MIGRATION_DATABASE_URL: string;
  JWT_SECRET: string;
  DEMO: boolean;
  API_DOCS: boolean;
  CORS_ORIGINS: CorsOrigins;
};

const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

function corsOrigins(list: string | undefined, production: boolean): CorsOrigins | string {
  if (list === undefined) return !production;
  const origins = list
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const o of origins) {
    let normal: string | null = null;
    try {
      normal = new URL(o).origin;
    } catch {
      /* not a URL */
    }
    if (!ORIGIN.test(o) || normal !== o.toLowerCase()) return `"${o}" is not an origin (scheme://host[:port], no path, no wildcard)`;
  }
  return origins;
}

/** What production refuses in the configuration itself (the database is checked when the processes connect). */
function productionProblems(env: ParsedEnv): string[] {
  const secret = env.JWT_SECRET;
  const howTo = `set JWT_SECRET to a random secret of at least ${JWT_SECRET_MIN_BYTES} bytes, e.g. JWT_SECRET=$(openssl rand -base64 48)`;
  if (secret === undefined) return [`JWT_SECRET is not set: anyone could sign tokens with the demo value; ${howTo}`];
  if (secret === DEMO_JWT_SECRET) return [`JWT_SECRET is the demo value, which is published in the source: ${howTo}`];
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < JWT_SECRET_MIN_BYTES) return [`JWT_SECRET is only ${bytes} bytes long: ${howTo}`];
  return [];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const cors = corsOrigins(e.CORS_ORIGINS, production);
  if (typeof cors === 'string') throw new Error(`Invalid environment:\n  CORS_ORIGINS: ${cors}`);
  if (production) {
    const problems = productionProblems(e);
    if (problems.length) throw new StartupRefused(problems);
  } else if (e.JWT_SECRET !== undefined && e.JWT_SECRET.length < 16) {
    throw new Error('Invalid environment:\n  JWT_SECRET: at least 16 characters');
  }
  return {
    ...e,
    DATABASE_URL: e.DATABASE_URL ?? LOCAL_APP_DATABASE_URL,
    MIGRATION_DATABASE_URL: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL ?? LOCAL_MIGRATION_DATABASE_URL,
    JWT_SECRET: e.JWT_SECRET ?? DEMO_JWT_SECRET,
    DEMO: e.DEMO ?? !production,
    API_DOCS: e.API_DOCS ?? !production,
    CORS_ORIGINS: cors,
    WORKER_METRICS_PORT: e.WORKER_METRICS_PORT ?? (e.NODE_ENV === 'test' ? 0 : DEFAULT_WORKER_METRICS_PORT),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
