// The raw baseline of bench/intake.mjs: a bare Fastify server whose POST handler inserts a case-like row and an
// event-like row in one transaction with `pg` (Pool of 20) — what intake costs with no framework, no validation
// library, no ORM. Started as a child process, like the api. PORT and DATABASE_URL come from the environment.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'gridops-bench-baseline' });
pool.on('error', () => undefined);
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.get('/health', async () => ({ ok: true }));

app.post('/api/v1/reports', async (req, reply) => {
  const b = req.body;
  if (!b || typeof b !== 'object' || typeof b.source !== 'string' || typeof b.categoryCode !== 'string' || !b.location) {
    return reply.status(400).send({ error: 'bad body' });
  }
  const id = randomUUID();
  const now = new Date();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO bench_cases (id, source, category_code, description, lat, lng, state, idempotency_key, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'REPORTED', $7, $8)`,
      [id, b.source, b.categoryCode, b.description ?? '', b.location.lat, b.location.lng, req.headers['idempotency-key'] ?? null, now],
    );
    const ev = await client.query(
      `INSERT INTO bench_events (case_id, type, payload, at) VALUES ($1, 'report', $2, $3) RETURNING seq`,
      [id, JSON.stringify({ source: b.source, categoryCode: b.categoryCode }), now],
    );
    await client.query('COMMIT');
    return reply.status(201).send({ id, seq: ev.rows[0].seq, state: 'REPORTED', reportedAt: now.toISOString() });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
});

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('baseline ready\n');
