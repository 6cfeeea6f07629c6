import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, prepareDatabase } from '@gridops/server';
import { TEST_PG_URL, TEST_REDIS_URL, createTestDatabase, dropDatabase, freePort, waitFor, type TestDatabase } from '@gridops/server-testing';
import { asRole, cleanEnv, scratchDatabase, startScript } from './support/processes';

/**
 * Issue 13 item 11 — least privilege in the database. The api and worker connect as the app role, which may read and
 * write what the product needs but cannot get past the append-only timeline: no TRUNCATE, UPDATE or DELETE on
 * case_events, no session_replication_role, no DDL. Migrations run as the owner role.
 */

const APP_ROLE = 'gridops_app';
const OWNER_ROLE = 'gridops_owner';

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

/** the error of one statement, or null when it succeeded (always rolled back: nothing the test tries is kept) */
async function attempt(c: Client, sql: string): Promise<{ code: string; message: string } | null> {
  await c.query('BEGIN');
  try {
    await c.query(sql);
    return null;
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { code: e.code ?? '', message: e.message };
  } finally {
    await c.query('ROLLBACK');
  }
}

const PERMISSION_DENIED = '42501';

describe('the app role cannot get past the append-only timeline (issue 13.11)', () => {
  let db: TestDatabase;
  let app: Client;
  let owner: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await connect(db.url);
    owner = await connect(db.ownerUrl);
  });
  afterAll(async () => {
    await app?.end();
    await owner?.end();
    await db?.drop();
  });

  it('the test harness connects the app as the app role, not as a superuser', async () => {
    const { rows } = await app.query<{ who: string; superuser: boolean }>(`SELECT current_user AS who, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toEqual({ who: APP_ROLE, superuser: false });
  });

  it('the schema is owned by the owner role (migrations ran as it)', async () => {
    const { rows } = await owner.query<{ owner: string; n: string }>(
      `SELECT pg_get_userbyid(c.relowner) AS owner, count(*)::text AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm') GROUP BY 1`,
    );
    expect(rows.map((r) => r.owner)).toEqual([OWNER_ROLE]);
  });

  it('TRUNCATE case_events is refused', async () => {
    const err = await attempt(app, 'TRUNCATE case_events CASCADE');
    expect(err?.message).toMatch(/permission denied for table case_events/);
  });

  it('session_replication_role = replica (which would skip the append-only trigger) is refused', async () => {
    const err = await attempt(app, 'SET session_replication_role = replica');
    expect(err).toEqual({ code: PERMISSION_DENIED, message: expect.stringMatching(/permission denied to set parameter "session_replication_role"/) });
  });

  it.each([
    ['UPDATE', `UPDATE case_events SET note = 'rewritten'`],
    ['DELETE', 'DELETE FROM case_events'],
  ])('%s on case_events is refused by the role, not only by the trigger', async (_op, sql) => {
    const err = await attempt(app, sql);
    expect(err?.message).toMatch(/permission denied for table case_events/);
  });

  it.each([
    ['CREATE TABLE', 'CREATE TABLE planted (id int)'],
    ['ALTER TABLE … DISABLE TRIGGER', 'ALTER TABLE case_events DISABLE TRIGGER trg_case_events_append_only'],
    ['DROP TRIGGER', 'DROP TRIGGER trg_case_events_append_only ON case_events'],
    ['CREATE FUNCTION', `CREATE FUNCTION planted() RETURNS int LANGUAGE sql AS 'SELECT 1'`],
    ['DROP TABLE', 'DROP TABLE outbox'],
    ['ALTER TABLE … ADD COLUMN', 'ALTER TABLE cases ADD COLUMN planted int'],
    ['CREATE SCHEMA', 'CREATE SCHEMA planted'],
  ])('DDL is refused: %s', async (_what, sql) => {
    const err = await attempt(app, sql);
    expect(err).not.toBeNull();
    expect(err?.message).toMatch(/permission denied|must be owner|owner of/);
  });

  it('cannot grant itself more: a GRANT on case_events grants nothing', async () => {
    await app.query('BEGIN');
    try {
      await app.query(`GRANT ALL ON case_events TO PUBLIC`); // Postgres warns "no privileges were granted"
      const { rows } = await app.query<{ ok: boolean }>(`SELECT has_table_privilege('case_events', 'TRUNCATE') OR has_table_privilege('case_events', 'DELETE') AS ok`);
      expect(rows[0].ok).toBe(false);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('the app role keeps what the product needs: read and append the timeline, read and write the working tables', async () => {
    const { rows } = await app.query<{ t: string; p: string; ok: boolean }>(
      `SELECT t, p, has_table_privilege(t, p) AS ok
         FROM unnest(ARRAY['case_events', 'cases', 'outbox', 'users', 'idempotency_keys']) t,
              unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p`,
    );
    const granted = rows.filter((r) => r.ok).map((r) => `${r.t}:${r.p}`);
    expect(granted.filter((g) => g.startsWith('case_events:'))).toEqual(['case_events:SELECT', 'case_events:INSERT']);
    for (const t of ['cases', 'outbox', 'users', 'idempotency_keys']) {
      expect(granted.filter((g) => g.startsWith(`${t}:`))).toEqual([`${t}:SELECT`, `${t}:INSERT`, `${t}:UPDATE`, `${t}:DELETE`]);
    }
    expect(await attempt(app, `UPDATE users SET display_name = display_name WHERE username = 'admin'`)).toBeNull();
    expect(await attempt(app, `SELECT nextval(pg_get_serial_sequence('case_events', 'seq'))`)).toBeNull();
    // TypeORM's migration history is the owner's business
    expect((await attempt(app, `DELETE FROM migrations`))?.message).toMatch(/permission denied/);
  });

  it('even the owner cannot TRUNCATE the timeline (a statement trigger)', async () => {
    await owner.query(`SET ROLE ${OWNER_ROLE}`);
    try {
      const err = await attempt(owner, 'TRUNCATE case_events CASCADE');
      expect(err?.message).toMatch(/append-only/);
    } finally {
      await owner.query('RESET ROLE');
    }
  });

  it("a table a later migration creates (as the owner) is the app's to read and write, by default privileges — but not to TRUNCATE", async () => {
    await owner.query(`SET ROLE ${OWNER_ROLE}`);
    try {
      await owner.query(`CREATE TABLE future_feature (id bigserial PRIMARY KEY, note text)`);
    } finally {
      await owner.query('RESET ROLE');
    }
    expect(await attempt(app, `INSERT INTO future_feature (note) VALUES ('a'); UPDATE future_feature SET note = 'b'; SELECT * FROM future_feature; DELETE FROM future_feature`)).toBeNull();
    expect((await attempt(app, `TRUNCATE future_feature`))?.message).toMatch(/permission denied/);
  });
});

describe('the migrate step sets the roles up (issue 13.11)', () => {
  const scratch: string[] = [];
  afterEach(async () => {
    for (const name of scratch.splice(0)) await dropDatabase(name);
  });

  it('is idempotent, survives a parallel run, and adopts a database migrated the old way (as postgres)', async () => {
    const a = scratchDatabase('roles_a');
    const b = scratchDatabase('roles_b');
    scratch.push(a.name, b.name);
    // b: migrated as the code before the role split did it, every table owned by the superuser
    const admin = await connect(TEST_PG_URL);
    await admin.query(`CREATE DATABASE "${b.name}"`);
    await admin.end();
    const old = new DataSource(dataSourceOptions(b.superuserUrl));
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.destroy();

    const appUrlA = asRole(a.superuserUrl, APP_ROLE);
    const appUrlB = asRole(b.superuserUrl, APP_ROLE);
    await Promise.all([
      prepareDatabase(a.superuserUrl, { demo: true, appDatabaseUrl: appUrlA }),
      prepareDatabase(b.superuserUrl, { demo: false, appDatabaseUrl: appUrlB }),
      prepareDatabase(a.superuserUrl, { demo: true, appDatabaseUrl: appUrlA }),
    ]);
    await prepareDatabase(b.superuserUrl, { demo: false, appDatabaseUrl: appUrlB });

    for (const url of [appUrlA, appUrlB]) {
      const c = await connect(url);
      try {
        expect((await attempt(c, 'TRUNCATE case_events CASCADE'))?.message).toMatch(/permission denied/);
        expect(await attempt(c, `SELECT count(*) FROM cases`)).toBeNull();
        expect(await attempt(c, `UPDATE calendar_settings SET revision = revision`)).toBeNull();
      } finally {
        await c.end();
      }
    }
    const c = await connect(b.superuserUrl);
    try {
      const { rows } = await c.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
          WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')`,
      );
      expect(rows.map((r) => r.owner)).toEqual([OWNER_ROLE]);
    } finally {
      await c.end();
    }
  }, 120_000);

  it('`npm start` on a dev machine still starts the demo, and the api and worker connect as the app role', async () => {
    const db = scratchDatabase('devstart');
    scratch.push(db.name);
    const port = await freePort();
    const run = startScript(
      'scripts/start.mjs',
      ['--no-build'],
      cleanEnv({
        // what the defaults are on this machine, on a database of the test's own
        MIGRATION_DATABASE_URL: db.superuserUrl,
        DATABASE_URL: asRole(db.superuserUrl, APP_ROLE),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `gridops-sec-${randomBytes(4).toString('hex')}`,
        PORT: String(port),
        SIM: 'off',
        // the roles are the point here, not the demo's month of history (seeded as the owner before the grants)
        DEMO_HISTORY_DAYS: '0',
      }),
    );
    try {
      await waitFor(
        async () => {
          if (run.exited()) throw new Error(`npm start exited:\n${run.output().stdout}\n${run.output().stderr}`);
          const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
          return ok && /worker ready/.test(run.output().stdout);
        },
        { what: 'npm start to serve', timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(run.output().stdout).toMatch(/Demo logins \(password: gridops-demo\)/);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'gridops-demo' }),
      });
      expect(login.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/docs`)).status).toBe(200);
      const c = await connect(db.superuserUrl);
      try {
        const { rows } = await c.query<{ usename: string }>(`SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = 'gridops'`, [db.name]);
        expect(rows.map((r) => r.usename)).toEqual([APP_ROLE]);
      } finally {
        await c.end();
      }
    } finally {
      await run.stop();
    }
  }, 120_000);
});
