import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';
import { TEST_PG_URL } from './test-env';
import { waitFor } from './wait-for';

/** The pg_hba.conf line that lets pg_basebackup and the standby's WAL receiver connect from this machine. */
export const REPLICATION_HBA_LINE = 'host replication all 127.0.0.1/32 trust';

/** Settings a hot standby must have at least as high as its primary's, or it refuses to start. */
const AT_LEAST_PRIMARY = ['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'];

export interface StreamingReplica {
  port: number;
  /** a URL of `database` on the replica for `user` (the password, if any, as in the primary's URL) */
  url(database: string, user: string): string;
  /** a superuser connection to the replica (the tests' own: pause replay, read its statistics) */
  admin(database: string): Promise<Client>;
  /** `pg_ctl stop -m fast`: the replica goes away as in a crash of its host, as far as clients see */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stop it (if running) and delete its data directory */
  destroy(): Promise<void>;
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs a Postgres program as the `postgres` OS user when this process is root (initdb and the server refuse root). */
function runAsPostgres(program: string, args: string[]): Promise<Run> {
  const [cmd, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function mustRun(program: string, args: string[]): Promise<void> {
  const r = await runAsPostgres(program, args);
  if (r.code !== 0) throw new Error(`${path.basename(program)} ${args.join(' ')} failed (${r.code}):\n${r.output}`);
}

/**
 * Lets replication connections in from 127.0.0.1 (trust, as everything else on this machine): appends
 * REPLICATION_HBA_LINE to the primary's pg_hba.conf when no line allows replication yet and reloads its
 * configuration — never a restart. Needs a superuser connection and the right to write the file (root, or postgres).
 */
export async function allowLoopbackReplication(primary: Client): Promise<void> {
  const { rows } = await primary.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND error IS NULL
        AND (type = 'local' OR address = '127.0.0.1' OR address = 'all')`,
  );
  if (rows[0].n > 0) return;
  const { rows: file } = await primary.query<{ hba_file: string }>('SHOW hba_file');
  const hba = file[0].hba_file;
  const text = await readFile(hba, 'utf8');
  await appendFile(hba, `${text.endsWith('\n') ? '' : '\n'}# gridops tests: streaming replicas on this machine (docs/read-replica.md)\n${REPLICATION_HBA_LINE}\n`);
  await primary.query('SELECT pg_reload_conf()');
}

/** Replication slots of this helper are named `<prefix><pid of the test process>_<random>`. */
const SLOT_PREFIX = 'gridops_test_replica_';

/**
 * Drops slots a killed test run left on the primary (their process is gone): a forgotten slot keeps every WAL
 * segment from then on.
 */
async function dropStaleSlots(primary: Client): Promise<void> {
  const { rows } = await primary.query<{ slot_name: string }>(`SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE $1 AND NOT active`, [`${SLOT_PREFIX}%`]);
  for (const { slot_name } of rows) {
    const pid = Number(/^gridops_test_replica_(\d+)_/.exec(slot_name)?.[1]);
    if (pid && processAlive(pid)) continue;
    await primary.query('SELECT pg_drop_replication_slot($1)', [slot_name]).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A streaming replica of the tests' Postgres (TEST_DATABASE_URL's server) on this machine: `pg_basebackup -R` of
 * the whole cluster into a temporary directory, started with `pg_ctl` on a free port as a hot standby, streaming
 * from the primary through a replication slot of its own — without one, a busy shared primary recycled the WAL the
 * copy needed before it had started (`requested WAL segment … has already been removed`). `destroy` drops the slot;
 * a run killed before that leaves it, and the next replica made here drops it (its process is gone).
 * The primary needs wal_level replica (the default), a free WAL sender and a free replication slot; its pg_hba.conf
 * gets a replication line if it has none (allowLoopbackReplication).
 */
export async function createStreamingReplica(): Promise<StreamingReplica> {
  const primaryUrl = new URL(TEST_PG_URL);
  const primary = new Client({ connectionString: TEST_PG_URL });
  await primary.connect();
  let settings: Record<string, string>;
  try {
    const { rows } = await primary.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[]) OR name IN ('server_version_num', 'wal_level')`,
      [AT_LEAST_PRIMARY],
    );
    settings = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    if (settings.wal_level === 'minimal') throw new Error('the primary runs with wal_level=minimal: streaming replication needs replica (the default); that needs a restart');
    if (Number(settings.max_wal_senders) < 1) throw new Error('the primary has max_wal_senders=0: streaming replication needs at least 1; that needs a restart');
    await allowLoopbackReplication(primary);
    await dropStaleSlots(primary);
  } finally {
    await primary.end();
  }
  const bin = process.env.PG_BIN_DIR ?? `/usr/lib/postgresql/${Math.floor(Number(settings.server_version_num) / 10000)}/bin`;
  for (const program of ['pg_basebackup', 'pg_ctl']) {
    if (!existsSync(path.join(bin, program))) throw new Error(`${program} not found in ${bin} (set PG_BIN_DIR to the Postgres server's bin directory)`);
  }

  const slot = `${SLOT_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  const dropSlot = async () => {
    const c = new Client({ connectionString: TEST_PG_URL });
    await c.connect();
    try {
      // the primary's WAL sender lets go of the slot a moment after the standby stops
      await waitFor(
        async () => {
          const { rows } = await c.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot]);
          if (rows.length === 0) return true;
          if (rows[0].active) return false;
          await c.query('SELECT pg_drop_replication_slot($1)', [slot]);
          return true;
        },
        { what: `replication slot ${slot} to be released`, timeoutMs: 15_000, intervalMs: 200 },
      );
    } finally {
      await c.end();
    }
  };
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'gridops-replica-'));
  const data = path.join(dir, 'data');
  const asPostgres = process.getuid?.() === 0;
  const owner = asPostgres ? await postgresIds() : null;
  if (owner) await chown(dir, owner.uid, owner.gid);
  const destroyDir = async () => {
    await rm(dir, { recursive: true, force: true });
    await dropSlot();
  };
  try {
    // -c fast: checkpoint at once instead of spreading it over minutes; -X stream: the WAL written meanwhile too
    const backupArgs = ['-h', primaryUrl.hostname, '-p', primaryUrl.port || '5432', '-U', decodeURIComponent(primaryUrl.username) || 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast', '-w', '-C', '-S', slot];
    for (let attempt = 1; ; attempt++) {
      const r = await runAsPostgres(path.join(bin, 'pg_basebackup'), backupArgs);
      if (r.code === 0) break;
      // a pg_hba.conf line just added takes effect once the postmaster has reloaded: try again briefly
      if (!/pg_hba\.conf/.test(r.output) || attempt === 10) throw new Error(`pg_basebackup failed (${r.code}):\n${r.output}`);
      await rm(data, { recursive: true, force: true });
      await dropSlot();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // the cluster's own configuration lives outside the data directory (Debian: /etc/postgresql), so the copy has none
    const conf = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'hot_standby = on',
      // a standby query never holds back the primary's vacuum long enough to be cancelled by replay
      'hot_standby_feedback = on',
      'shared_buffers = 32MB',
      // a scratch copy: nothing to keep across a crash of this machine
      'fsync = off',
      ...AT_LEAST_PRIMARY.map((name) => `${name} = ${settings[name]}`),
    ];
    await writeFile(path.join(data, 'postgresql.conf'), `${conf.join('\n')}\n`);
    await writeFile(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    await writeFile(path.join(data, 'pg_ident.conf'), '');
    if (owner) for (const f of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) await chown(path.join(data, f), owner.uid, owner.gid);
  } catch (err) {
    await destroyDir();
    throw err;
  }

  const pgCtl = path.join(bin, 'pg_ctl');
  let running = false;
  const url = (database: string, user: string) => {
    const u = new URL(TEST_PG_URL);
    u.port = String(port);
    u.pathname = `/${database}`;
    u.username = user;
    return u.toString();
  };
  const replica: StreamingReplica = {
    port,
    url,
    async admin(database) {
      const c = new Client({ connectionString: url(database, decodeURIComponent(primaryUrl.username) || 'postgres') });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    },
    async start() {
      await mustRun(pgCtl, ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      running = true;
      // up when it accepts connections as a standby and streams from the primary
      await waitFor(
        async () => {
          const c = await replica.admin('postgres').catch(() => null);
          if (!c) return false;
          try {
            const { rows } = await c.query<{ standby: boolean; streaming: boolean }>(
              `SELECT pg_is_in_recovery() AS standby, EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming`,
            );
            return rows[0].standby && rows[0].streaming;
          } finally {
            await c.end();
          }
        },
        { what: 'the replica to stream from the primary', timeoutMs: 30_000, intervalMs: 200 },
      );
    },
    async stop() {
      if (!running) return;
      await mustRun(pgCtl, ['-D', data, '-w', '-t', '60', '-m', 'fast', 'stop']);
      running = false;
    },
    async destroy() {
      if (running) await mustRun(pgCtl, ['-D', data, '-w', '-t', '60', '-m', 'immediate', 'stop']).catch(() => undefined);
      running = false;
      await destroyDir();
    },
  };
  try {
    await replica.start();
  } catch (err) {
    const log = await readFile(path.join(dir, 'server.log'), 'utf8').catch(() => '');
    await replica.destroy();
    throw new Error(`${(err as Error).message}\n${log}`, { cause: err });
  }
  return replica;
}

/** The postgres OS user's uid and gid (the data directory must belong to the user the server runs as). */
async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres OS user to run the replica as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
