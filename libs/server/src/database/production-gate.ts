import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, StartupRefused, type AppConfig } from '../platform/config/app-config';
import { APPEND_ONLY_TABLES } from '../platform/database/roles';
import { findDemoData } from './seed/demo-data';

/**
 * What production refuses about the database (the configuration is refused earlier, by loadConfig): a connection that
 * could get past the append-only timeline (a superuser, the tables' owner, DDL or TRUNCATE/UPDATE/DELETE rights), and
 * — unless DEMO=true was asked for — demo users and demo API keys anyone can read in the source.
 */
export async function productionDatabaseProblems(ds: DataSource, config: AppConfig): Promise<string[]> {
  const problems: string[] = [];
  const [me] = (await ds.query(
    `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
            has_schema_privilege('public', 'CREATE') AS ddl,
            pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = $1::regclass), 'USAGE') AS owner,
            has_table_privilege($1, 'TRUNCATE') OR has_table_privilege($1, 'UPDATE') OR has_table_privilege($1, 'DELETE') AS rewrite
       FROM pg_roles r WHERE r.rolname = current_user`,
    [APPEND_ONLY_TABLES[0]],
  )) as { name: string; superuser: boolean; bypassrls: boolean; ddl: boolean; owner: boolean; rewrite: boolean }[];
  const fix = 'set DATABASE_URL to the app role (postgres://gridops_app:…@host/gridops) and MIGRATION_DATABASE_URL to the superuser or owner that migrates';
  if (me.superuser) problems.push(`DATABASE_URL connects as ${me.name}, a superuser, who can get past the append-only timeline: ${fix}`);
  else if (me.owner) problems.push(`DATABASE_URL connects as ${me.name}, who owns the tables (can alter or drop them and their triggers): ${fix}`);
  else if (me.ddl || me.rewrite) {
    problems.push(`DATABASE_URL's role ${me.name} has rights the api and worker must not have (DDL in schema public, or TRUNCATE/UPDATE/DELETE on case_events): ${fix}; the migrate step grants the app role exactly what it needs`);
  }
  if (!config.DEMO) {
    const demo = await findDemoData(ds);
    if (demo.users.length || demo.apiKeys.length) {
      const what = [
        demo.users.length ? `demo users with the published password: ${demo.users.join(', ')}` : null,
        demo.apiKeys.length ? `demo API keys: ${demo.apiKeys.join(', ')}` : null,
      ].filter(Boolean);
      problems.push(
        `the database holds ${what.join('; and ')}. Retire them with \`node scripts/start.mjs --no-build --retire-demo\` ` +
          '(deactivates those users, revokes those keys; with the same environment) and create a real admin with ' +
          '`ADMIN_PASSWORD=… node scripts/start.mjs --no-build --create-admin <username>`',
      );
    }
  }
  return problems;
}

/** Runs before anything serves or works (onModuleInit precedes every onApplicationBootstrap): production only. */
@Injectable()
export class ProductionGate implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.NODE_ENV !== 'production') return;
    const problems = await productionDatabaseProblems(this.ds, this.config);
    if (problems.length) throw new StartupRefused(problems);
  }
}
