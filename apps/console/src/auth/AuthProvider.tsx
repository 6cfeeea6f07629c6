import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me, TokenPair } from '@gridops/contracts';
import { api, HttpError } from '../api/http';
import { useMe } from '../api/queries';
import { clearOfflineData } from '../offline/field-cache';
import { onSessionChange, readSession, writeSession } from './token-store';

interface AuthContextValue {
  /** the signed-in user; null while signed out; undefined while loading */
  me: Me | null | undefined;
  login(username: string, password: string): Promise<Me>;
  logout(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => readSession() !== null);
  useEffect(() => onSessionChange((s) => setSignedIn(s !== null)), []);
  const meQuery = useMe(signedIn);

  const login = useCallback(
    async (username: string, password: string) => {
      const pair = await api<TokenPair>('/auth/login', { method: 'POST', body: { username, password }, anonymous: true });
      // a shared phone: the previous person's saved tasks and photos go before anyone's new ones are read
      await clearOfflineData();
      writeSession(pair);
      qc.clear();
      const me = await api<Me>('/auth/me');
      qc.setQueryData(['me'], me);
      return me;
    },
    [qc],
  );
  const logout = useCallback(() => {
    writeSession(null);
    qc.clear();
    void clearOfflineData();
  }, [qc]);

  // a network failure keeps who is signed in (the phone offline shows its saved tasks); a refusal signs out
  const refused = meQuery.isError && !(meQuery.error instanceof HttpError && meQuery.error.status === 0 && meQuery.data);
  const me = !signedIn ? null : refused ? null : meQuery.data;
  const value = useMemo(() => ({ me, login, logout }), [me, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user, for screens behind the login. */
export function useMeRequired(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMeRequired on a signed-out screen');
  return me;
}
