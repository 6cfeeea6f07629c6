import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { ensureDatabase } from './ensure-database';
import { seedDemo, type DemoLogin } from './seed/seed-demo';
import { seedTown } from './seed/seed-town';

export interface PrepareResult {
  created: boolean;
  migrations: string[];
  demoLogins: DemoLogin[];
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
    return { created, migrations: ran.map((m) => m.name), demoLogins };
  } finally {
    await ds.destroy();
  }
}
