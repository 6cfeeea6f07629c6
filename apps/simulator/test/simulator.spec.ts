import { DataSource } from 'typeorm';
import { DISTRICT_CODES } from '@gridops/domain';
// the simulator is a client of the product; its test starts the real product (api + worker) the way the api's own
// tests do, on a private database and Redis prefix, and talks to it over HTTP like any deployment
// eslint-disable-next-line @nx/enforce-module-boundaries
import { JobQueueService } from '@gridops/server';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { waitFor } from '@gridops/server-testing';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestApp, type TestApp } from '../../api/test/support/test-app';
import { FetchTransport } from '../src/api-client';
import { loadSimConfig } from '../src/config';
import { seededRng } from '../src/random';
import { Simulator } from '../src/simulator';

/** Steps the simulator may take before the test gives up; each files ~20 reports and moves every due case. */
const MAX_STEPS = 40;

/**
 * The living town against the real API and pipeline, driven step by step (no timers): every step files the reports
 * of one simulated minute and lets the cast take their due steps (speed is turned up so every step is due at once),
 * then the test waits for the pipeline to settle before the next step.
 */
describe('the simulator keeps the demo town alive through the API', () => {
  let t: TestApp;
  let ds: DataSource;
  let sim: Simulator;
  const log: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const config = loadSimConfig({ SIM_API: base, SIM_RATE: '20', SIM_SPEED: '10000', SIM_NEGLECT: '0', SIM_SEED: '20261126' });
    sim = new Simulator({ api: new FetchTransport(base), config, log: (line) => log.push(line), rng: seededRng(20261126) });
  });
  afterAll(() => t?.close());

  /** the pipeline has nothing left to do: every outbox row relayed, every queue idle */
  const settled = () =>
    waitFor(
      async () => {
        const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
        if (n > 0) return false;
        return (await t.app.get(JobQueueService).stats()).every((q) => q.waiting === 0 && q.active === 0);
      },
      { what: 'the pipeline to settle', timeoutMs: 30_000 },
    );

  /** Cases closed after going round the loop by people: someone handled or fixed it, a grid worker checked it. */
  const closedByTheLoop = async () =>
    (await ds.query(`
      SELECT c.id FROM cases c
       WHERE c.state = 'CLOSED'
         AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type IN ('handle', 'self-dispose') AND e.actor_role IN ('grid_worker', 'unit_staff'))
         AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'check-pass' AND e.actor_role = 'grid_worker')`)) as { id: string }[];

  it('files reports in all four 片区 and takes cases round the closed loop to CLOSED', async () => {
    let steps = 0;
    let districts: string[] = [];
    let closed: { id: string }[] = [];
    while (steps < MAX_STEPS) {
      await sim.step(60_000);
      steps++;
      await settled();
      districts = ((await ds.query(`SELECT DISTINCT district_code AS d FROM cases`)) as { d: string }[]).map((r) => r.d);
      closed = await closedByTheLoop();
      if (districts.length === DISTRICT_CODES.length && closed.length > 0) break;
    }
    expect(new Set(districts)).toEqual(new Set(DISTRICT_CODES));
    expect(closed.length).toBeGreaterThan(0);

    // the reports came in through the people channels, patrols as the 片区's own grid workers
    const sources = (await ds.query(`SELECT source, count(*)::int AS n FROM cases GROUP BY source`)) as { source: string; n: number }[];
    expect(sources.map((s) => s.source)).toEqual(expect.arrayContaining(['patrol', 'hotline_12345', 'citizen_app']));
    const strangers = (await ds.query(`
      SELECT count(*)::int AS n FROM case_events e JOIN cases c ON c.id = e.case_id JOIN users u ON u.id = e.actor_id
       WHERE e.type = 'report' AND c.source = 'patrol' AND u.district_code IS DISTINCT FROM c.district_code`)) as { n: number }[];
    expect(strangers[0].n).toBe(0);

    // the desk's steps were taken by the simulator's own staff: the logins printed for people took none
    const byPeoplesLogins = (await ds.query(`
      SELECT DISTINCT u.username FROM case_events e JOIN users u ON u.id = e.actor_id
       WHERE u.username IN ('operator', 'lead', 'supervisor', 'admin')`)) as { username: string }[];
    expect(byPeoplesLogins).toEqual([]);
    const simStaff = (await ds.query(`
      SELECT DISTINCT u.username FROM case_events e JOIN users u ON u.id = e.actor_id WHERE u.username LIKE 'sim.%'`)) as { username: string }[];
    expect(simStaff.map((r) => r.username)).toEqual(expect.arrayContaining(['sim.operator', 'sim.lead']));

    // every step was taken by the person the state machine allows: the API refused nothing the simulator chose
    // (a conflict with the pipeline is not a refusal), and the whole timeline of a closed case reads as a loop
    const [one] = closed;
    const timeline = ((await ds.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq`, [one.id])) as { type: string }[]).map((e) => e.type);
    expect(timeline[0]).toBe('report');
    expect(timeline).toContain('close');
    expect(log.filter((l) => / refused: HTTP (400|403)/.test(l))).toEqual([]);
    // up to MAX_STEPS simulated minutes, each waiting for the pipeline to settle: more than the suites' 30 s default
    // on a loaded machine (it ran out at 30 s under a load average of 20–40), so a bound of its own
  }, 240_000);
});
