import { z } from 'zod';
import { parseScoreWeights } from '@gridops/domain';

/**
 * Everything the server reads from its environment, checked once at start. Local defaults match this machine and
 * docker-compose.yml; PORT, DATABASE_URL and REDIS_URL override them.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/gridops'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Postgres connections per process; api and workers together must stay under the server's max_connections */
  DB_POOL_MAX: z.coerce.number().int().min(2).max(100).default(10),
  /** BullMQ and pub/sub key prefix, so tests and several stacks can share one Redis */
  REDIS_PREFIX: z.string().default('gridops'),
  /** signs access and refresh tokens; the demo default is refused in production */
  JWT_SECRET: z.string().min(16).default('gridops-demo-secret-change-me'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).default(7 * 24 * 3600),
  /** demo mode seeds one user per role and district with a known password, and prints them */
  DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * how many reverse-proxy hops to trust for the client address (X-Forwarded-For); 0 = none. Trusting more than
   * there are lets a client pick its own address and slip past the login rate limit.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** how long a worker holds a job before others may take it over (BullMQ lockDuration): a crashed worker's job resumes after this */
  JOB_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /**
   * Failure testing only (refused unless NODE_ENV=test): pause every job `before` or `after` its handler for N ms,
   * so a test can kill the worker mid-job. Format `before:2000` or `after:2000`.
   */
  FAULT_PAUSE: z
    .string()
    .regex(/^(before|after):\d{1,6}$/)
    .optional(),
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
  /** photos and attachments (local folder storage), relative to the working directory unless absolute */
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  /** largest photo upload in bytes (default 10 MiB); larger ones are refused with 413 */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** how long a signed photo URL (for `<img src>`) stays valid, in seconds */
  ATTACHMENT_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(3600),
  /** largest 12345 export file (CSV/XLSX) in bytes, default 5 MiB */
  HOTLINE_IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
  /** most data rows one 12345 import may hold */
  HOTLINE_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(20_000).default(2000),
});

export type AppConfig = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.DEMO && config.JWT_SECRET === envSchema.shape.JWT_SECRET.parse(undefined)) {
    throw new Error('JWT_SECRET must be set in production');
  }
  if (config.FAULT_PAUSE && config.NODE_ENV !== 'test') throw new Error('FAULT_PAUSE is for failure tests only (NODE_ENV=test)');
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
