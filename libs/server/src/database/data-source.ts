import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * `synchronize` is off everywhere, tests included: the schema changes only through reviewed migrations. `role`: every
 * connection runs as that role (SET ROLE at connect) — the migrate step's superuser connection acting as the owner.
 */
export function dataSourceOptions(databaseUrl: string, poolMax = 10, opts: { role?: string | null } = {}): DataSourceOptions {
  if (opts.role && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.role)) throw new Error(`unusable Postgres role name "${opts.role}"`);
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is built into Postgres 13+; no extension to install
    uuidExtension: 'pgcrypto',
    // connections stay open through quiet spells (pg's default closes them after 10 s idle): a burst after a lull
    // would otherwise open new backends in the middle of it (see pool-warmup.service.ts)
    // jit off: every statement here is bounded by an index or a rollup, and compiling one (30–150 ms) costs more than
    // running it — Postgres compiles on estimates, which an unvacuumed queue table (kpi_dirty, the outbox) inflates
    // past jit_above_cost (the KPI windows at 1 M cases: 174 ms with it, docs/benchmarks.md)
    extra: {
      max: poolMax,
      idleTimeoutMillis: 10 * 60_000,
      application_name: 'gridops',
      options: ['-c jit=off', ...(opts.role ? [`-c role=${opts.role}`] : [])].join(' '),
    },
  };
}

/** For the TypeORM CLI (`migration:generate`), compiled to dist/: it changes the schema, so the migration URL first. */
export default new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridops'));
