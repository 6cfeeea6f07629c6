import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEMPLATE_ENV, TEST_PG_URL, appDatabaseUrl, databaseUrl } from './test-env';

export interface TestDatabase {
  name: string;
  /** what the api and worker connect with: the app role (no DDL, append-only timeline) */
  url: string;
  /** the superuser's connection to the same database: for tests that set up or inspect what the app may not */
  ownerUrl: string;
  drop(): Promise<void>;
}

/** A private copy of the migrated, seeded template for one suite (roles and grants come with the copy). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error('no template database: run tests through jest (globalSetup creates it)');
  const name = `gridops_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: appDatabaseUrl(name),
    ownerUrl: databaseUrl(name),
    drop: () => dropDatabase(name),
  };
}

/** Drop a test database, whoever is still connected to it. */
export async function dropDatabase(name: string): Promise<void> {
  const c = new Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
