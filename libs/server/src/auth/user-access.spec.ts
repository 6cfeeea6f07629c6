import { UserAccessStates, parseUserAccessChange } from './user-access.service';

const ID = '4d5e2475-d2f3-46ee-8dce-44fe6b9a2446';

describe('users’ access states, as cached per api instance', () => {
  it('reads the trigger’s NOTIFY payloads, and nothing else', () => {
    expect(parseUserAccessChange(`${ID}:7:1`)).toEqual({ userId: ID, state: { version: 7, active: true } });
    expect(parseUserAccessChange(`${ID}:8:0`)).toEqual({ userId: ID, state: { version: 8, active: false } });
    expect(parseUserAccessChange(`${ID}:deleted`)).toEqual({ userId: ID, state: null });
    for (const bad of ['', 'x:1:1', `${ID}:one:1`, `${ID}:1:yes`, `${ID}`]) expect(parseUserAccessChange(bad)).toBeNull();
  });

  it('remembers a loaded state for its time to live, a missing user too', () => {
    const s = new UserAccessStates();
    s.loaded(ID, { version: 1, active: true }, s.startLoad(), 0);
    expect(s.get(ID, 999, 1000)).toEqual({ version: 1, active: true });
    expect(s.get(ID, 1000, 1000)).toBeUndefined();
    s.loaded(ID, null, s.startLoad(), 0);
    expect(s.get(ID, 10, 1000)).toBeNull();
  });

  it('does not remember a load that was under way when a change was heard (it may have read the row before)', () => {
    const s = new UserAccessStates();
    const started = s.startLoad();
    s.changed({ userId: ID, state: { version: 2, active: false } }, 5);
    s.loaded(ID, { version: 1, active: true }, started, 6);
    expect(s.get(ID, 7, 1000)).toEqual({ version: 2, active: false });
    const again = s.startLoad();
    s.forget(ID);
    s.loaded(ID, { version: 2, active: false }, again, 8);
    expect(s.get(ID, 9, 1000)).toBeUndefined();
  });

  it('drops the oldest user beyond its bound, and everyone on clear', () => {
    const s = new UserAccessStates(2);
    for (const id of ['a', 'b', 'c']) s.loaded(id, { version: 0, active: true }, s.startLoad(), 0);
    expect(s.size).toBe(2);
    expect(s.get('a', 1, 1000)).toBeUndefined();
    s.clear();
    expect(s.size).toBe(0);
  });
});
