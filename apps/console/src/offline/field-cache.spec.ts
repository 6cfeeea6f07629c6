import { QueryClient } from '@tanstack/react-query';
import { writeSession } from '../auth/token-store';
import { FIELD_CACHE_BUSTER, FIELD_CACHE_MAX_AGE_MS, isSavedQuery, sessionUserId, snapshotUsable } from './field-cache';

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = (claims: object) => `${b64url({ alg: 'HS256' })}.${b64url(claims)}.sig`;

afterEach(() => writeSession(null));

describe('sessionUserId', () => {
  it('reads the user id from the stored access token, without the network', () => {
    writeSession({ accessToken: token({ sub: 'u-1', name: '王伟' }), refreshToken: 'r', expiresIn: 900 } as never);
    expect(sessionUserId()).toBe('u-1');
  });
  it('is null when signed out or the token is not a JWT', () => {
    expect(sessionUserId()).toBeNull();
    writeSession({ accessToken: 'opaque', refreshToken: 'r', expiresIn: 900 } as never);
    expect(sessionUserId()).toBeNull();
    writeSession({ accessToken: 'a.!!!.c', refreshToken: 'r', expiresIn: 900 } as never);
    expect(sessionUserId()).toBeNull();
  });
});

describe('snapshotUsable', () => {
  const now = Date.UTC(2026, 11, 7, 2, 0);
  const s = { userId: 'u-1', buster: FIELD_CACHE_BUSTER, savedAt: now - 60_000 };
  it('is shown to its own user only', () => {
    expect(snapshotUsable(s, 'u-1', now)).toBe(true);
    expect(snapshotUsable(s, 'u-2', now)).toBe(false);
  });
  it('is dropped past the max age, from another build shape, or from the future', () => {
    expect(snapshotUsable({ ...s, savedAt: now - FIELD_CACHE_MAX_AGE_MS - 1 }, 'u-1', now)).toBe(false);
    expect(snapshotUsable({ ...s, savedAt: now - FIELD_CACHE_MAX_AGE_MS }, 'u-1', now)).toBe(true);
    expect(snapshotUsable({ ...s, buster: 'field-0' }, 'u-1', now)).toBe(false);
    expect(snapshotUsable({ ...s, savedAt: now + 3_600_000 }, 'u-1', now)).toBe(false);
  });
});

describe('isSavedQuery', () => {
  it('saves who is signed in, case lists and files, names and messages — answered ones only', async () => {
    const qc = new QueryClient();
    for (const key of [['me'], ['cases', 'list', { assignee: 'me' }], ['cases', 'detail', 'c1'], ['directory', 'categories'], ['notifications', 'mine'], ['stats', 'kpis']]) {
      qc.setQueryData(key, { x: 1 });
    }
    await qc.prefetchQuery({ queryKey: ['cases', 'detail', 'broken'], queryFn: () => Promise.reject(new Error('no')), retry: false });
    const saved = qc.getQueryCache().getAll().filter(isSavedQuery).map((q) => q.queryKey.slice(0, 3).join('/'));
    expect(saved.sort()).toEqual(['cases/detail/c1', 'cases/list/[object Object]', 'directory/categories', 'me', 'notifications/mine'].sort());
  });
});
