import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import useSWR from 'swr';
import { apiGet, apiPost, onUnauthorised, setToken } from './api/client';
import type { Me, Role, Session } from './api/types';

/**
 * Who is signed in: the token (kept for this browser tab only: sessionStorage, gone when it closes)
 * and the account with its roles from GET /api/me. The screen shows and offers what the roles allow;
 * the API decides again on every request (docs/api.md, "Who may call what").
 */
const KEY = 'ledger.token';

export interface Access {
  me: Me;
  has: (...roles: Role[]) => boolean;
  /** Any role but viewer: the audit trail, replays, pledges, proposals (docs/api.md "readers"). */
  readsDetails: boolean;
  isAdministrator: boolean;
  /** Units (or null: the whole tree) the account may record self-assessments for: recorder, emulation officer. */
  recordScopes: (string | null)[];
}

interface SessionValue {
  token: string | null;
  access: Access | null;
  loading: boolean;
  expired: boolean;
  signInWithPassword: (accountId: string, password: string) => Promise<void>;
  signInWithToken: (token: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function accessOf(me: Me): Access {
  const roles = new Set(me.roles.map((grant) => grant.role));
  const has = (...wanted: Role[]) => wanted.some((role) => roles.has(role));
  return {
    me,
    has,
    readsDetails: me.roles.some((grant) => grant.role !== 'viewer'),
    isAdministrator: has('administrator'),
    recordScopes: me.roles.filter((grant) => grant.role === 'recorder' || grant.role === 'emulation-officer').map((grant) => grant.scope),
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setStateToken] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const [expired, setExpired] = useState(false);
  setToken(token);

  const remember = useCallback((next: string | null) => {
    if (next) sessionStorage.setItem(KEY, next);
    else sessionStorage.removeItem(KEY);
    setToken(next);
    setStateToken(next);
  }, []);

  useEffect(
    () =>
      onUnauthorised(() => {
        setExpired(true);
        remember(null);
      }),
    [remember],
  );

  const { data: me, isLoading } = useSWR<Me>(token ? ['/api/me', token] : null, ([path, bearer]: [string, string]) => apiGet<Me>(path, undefined, bearer));

  const value = useMemo<SessionValue>(
    () => ({
      token,
      access: me ? accessOf(me) : null,
      loading: token !== null && isLoading,
      expired,
      signInWithPassword: async (accountId, password) => {
        const session = await apiPost<Session>('/api/sessions', { accountId, password }, { token: null });
        setExpired(false);
        remember(session.token);
      },
      signInWithToken: async (candidate) => {
        await apiGet<Me>('/api/me', undefined, candidate);
        setExpired(false);
        remember(candidate);
      },
      signOut: () => remember(null),
    }),
    [token, me, isLoading, expired, remember],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in account's access (pages under RequireSession only). */
export function useAccess(): Access {
  const { access } = useSession();
  if (!access) throw new Error('useAccess without a session');
  return access;
}
