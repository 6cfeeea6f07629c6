import { Queue } from 'bullmq';
import { Client } from 'pg';
import { JobName, QueueName, type SuggestionModelInfo } from '@gridops/contracts';
import { generateLabelledCases } from '@gridops/domain';
import type { ApiClient } from './api';
import type { Stack } from './stack';
import { until } from './wait';

/**
 * A closed-case history for the suggestion model (docs/suggestions.md) in a stack's database — the generated set,
 * written as closed cases a month old (out of the day's views) — then the stack's own worker trains on it through
 * the `suggest.retrain` job, as the schedule would, and the api serves it.
 */
export async function trainSuggestionsOn(stack: Stack, api: ApiClient, count = 1500): Promise<SuggestionModelInfo> {
  const owner = new URL(stack.databaseUrl);
  owner.username = 'postgres';
  const pg = new Client({ connectionString: owner.toString() });
  await pg.connect();
  try {
    const cases = generateLabelledCases(count, 18);
    await pg.query(
      `WITH cells AS (SELECT DISTINCT ON (district_code) district_code, code FROM grid_cells ORDER BY district_code, code),
            rows AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS r(description, category_code, district_code))
       INSERT INTO cases (id, number, source, category_code, description, lat, lng, district_code, grid_cell_code, priority, state,
                          step_started_at, reported_at, version, closed_at)
       SELECT gen_random_uuid(), 'SG-' || lpad(n::text, 7, '0'), 'hotline_12345', rows.category_code, rows.description, 31.245, 121.38,
              rows.district_code, cells.code, 'P2', 'CLOSED', now() - interval '30 days', now() - interval '30 days', 9, now() - interval '29 days' - n * interval '1 second'
         FROM (SELECT rows.*, row_number() OVER () AS n FROM rows) AS rows JOIN cells USING (district_code)`,
      [cases.map((c) => c.description), cases.map((c) => c.categoryCode), cases.map((c) => c.districtCode)],
    );
  } finally {
    await pg.end();
  }
  const queue = new Queue(QueueName.Models, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: `e2e${new URL(stack.url).port}` });
  try {
    await queue.add(JobName.RetrainSuggestions, { at: new Date(0).toISOString() }, { jobId: 'suggest-retrain-e2e' });
  } finally {
    await queue.close();
  }
  const { model } = await until('the suggestion model', () => api.get<{ model: SuggestionModelInfo | null }>('/suggestions/model'), (r) => r.model !== null, 60_000);
  return model as SuggestionModelInfo;
}
