import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { DEMO_API_KEYS, type DemoApiKeySeed } from './seed-data/demo-api-keys';
import { ensureDatabase } from '../platform/database/ensure-database';
import { seedDemo, type DemoLogin } from './seed/seed-demo';
import { seedTown } from './seed/seed-town';

export interface PrepareResult {
  created: boolean;
  migrations: string[];
  demoLogins: DemoLogin[];
  /** demo mode only: the fixed API keys seeded with the demo users, to print at start */
  demoApiKeys: DemoApiKeySeed[];
}

/** What `npm start` does before serving: create the database if missing, migrate, seed the town (and demo users). */
export async function prepareDatabase(databaseUrl: string, opts: { demo: boolean }): Promise<PrepareResult> {
  const created = await ensureDatabase(databaseUrl);
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    await seedTown(ds);
    const demoLogins = opts.demo ? await seedDemo(ds) : [];
    return { created, migrations: ran.map((m) => m.name), demoLogins, demoApiKeys: opts.demo ? DEMO_API_KEYS : [] };
  } finally {
    await ds.destroy();
  }
}
