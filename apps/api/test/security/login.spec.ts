import { DataSource } from 'typeorm';
import { passwordHashing } from '@gridops/server';
import { startTestApp, type Answer, type TestApp } from '../support/test-app';
import { loginFrom } from '../support/access-helpers';

const outcome = (res: Answer) => String(res.status);
const tally = (answers: Answer[]) => answers.map(outcome).reduce<Record<string, number>>((n, a) => ({ ...n, [a]: (n[a] ?? 0) + 1 }), {});
/** `$argon2id$v=19$m=65536,t=3,p=4` — the algorithm and its cost, without salt and digest */
const costOf = (hash: string) => hash.split('$').slice(0, 4).join('$');

/** Issue #13 item 9: no username enumeration by timing; failures counted per username and per address, with back-off. */
describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const storedHash = async (username: string) =>
    ((await t.app.get(DataSource).query(`SELECT password_hash FROM users WHERE username = $1`, [username])) as { password_hash: string }[])[0].password_hash;

  describe('costs the same whether or not the username exists', () => {
    it('runs a real argon2id verification, at a real user’s cost, for an unknown username', async () => {
      const verify = jest.spyOn(passwordHashing, 'verify');
      expect(outcome(await loginFrom(t, '10.44.1.1', 'no.such.user', 'a-guess'))).toBe('401');
      // today: no verification at all for an unknown name (~10–100 ms against ~400–1,200 ms for a real one)
      expect(verify).toHaveBeenCalledTimes(1);
      const [hash, plain] = verify.mock.calls[0];
      expect(plain).toBe('a-guess');
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(costOf(hash)).toBe(costOf(await storedHash('operator')));
      expect(await verify.mock.results[0].value).toBe(false);
    });

    it('verifies the password of a deactivated user too, and answers the same 401', async () => {
      await t.app.get(DataSource).query(`UPDATE users SET active = false WHERE username = 'worker2.meichuan'`);
      const verify = jest.spyOn(passwordHashing, 'verify');
      const res = await loginFrom(t, '10.44.1.2', 'worker2.meichuan', 'gridops-demo');
      expect(res.status).toBe(401);
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0][0]).toBe(await storedHash('worker2.meichuan'));
      const unknown = await loginFrom(t, '10.44.1.2', 'worker9.meichuan', 'gridops-demo');
      expect(unknown.body).toEqual(res.body);
    });
  });

  describe('failed sign-ins, per username and per address', () => {
    it('slows a guesser of one username whatever addresses the guesses come from', async () => {
      const answers: Answer[] = [];
      for (let i = 0; i < 6; i++) answers.push(await loginFrom(t, `10.44.2.${i + 1}`, 'lead', `guess-${i}`));
      // today: six 401s — only the address is counted
      expect(answers.map(outcome)).toEqual(['401', '401', '401', '401', '401', '429']);
      expect(Number(answers[5].headers['retry-after'])).toBeGreaterThan(0);
      // the right password waits too while the name is held: the back-off is about the name, not the answer
      expect(outcome(await loginFrom(t, '10.44.2.9', 'lead'))).toBe('429');
    });

    it('stops a burst of parallel guesses at one username after five, however many arrive at once', async () => {
      const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => loginFrom(t, `10.44.3.${i + 1}`, 'admin', `guess-${i}`)));
      expect(tally(answers)).toEqual({ '401': 5, '429': 20 });
    });

    it('lets a shift behind one address sign in while a guesser there is slowed on the name he guesses', async () => {
      const nat = '10.44.4.1';
      const guesses: Answer[] = [];
      for (let i = 0; i < 12; i++) guesses.push(await loginFrom(t, nat, 'operator', `guess-${i}`));
      expect(guesses.map(outcome)).toEqual([...Array<string>(5).fill('401'), ...Array<string>(7).fill('429')]);
      // today: the address is shut after ten failures and the whole shift gets 429
      const shift = ['supervisor', 'worker.xincheng', 'worker.jinsha', 'worker.nujiang', 'worker.meichuan', 'unit.chengguan', 'unit.shuiwu', 'worker2.nujiang'];
      const signedIn = await Promise.all(shift.map((u) => loginFrom(t, nat, u)));
      expect(signedIn.map(outcome)).toEqual(Array<string>(shift.length).fill('200'));
    });

    it('slows an address spraying many usernames — except for people who signed in from it before', async () => {
      const nat = '10.44.5.1';
      expect(outcome(await loginFrom(t, nat, 'worker2.xincheng'))).toBe('200');
      const spray = await Promise.all(Array.from({ length: 35 }, (_, i) => loginFrom(t, nat, `spray.${i}`, 'gridops-demo')));
      // today: refused after ten
      expect(tally(spray)).toEqual({ '401': 30, '429': 5 });
      // someone who signed in from here before still gets in; a first sign-in from here waits; elsewhere nobody waits
      expect(outcome(await loginFrom(t, nat, 'worker2.xincheng'))).toBe('200');
      const first = await loginFrom(t, nat, 'unit.shirong');
      expect(outcome(first)).toBe('429');
      expect(Number(first.headers['retry-after'])).toBeGreaterThan(0);
      expect(outcome(await loginFrom(t, '10.44.5.2', 'unit.shirong'))).toBe('200');
    });
  });
});
