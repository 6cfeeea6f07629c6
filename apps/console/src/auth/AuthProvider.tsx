import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me, TokenPair } from '@gridops/contracts';
import { api } from '../api/http';
import { useMe } from '../api/queries';
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
  }, [qc]);

  const me = !signedIn ? null : meQuery.isError ? null : meQuery.data;
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
