/** Who is signed in: the stored session and `GET /me`, shared through React context. */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { api, loadSession, onSessionChange, saveSession, unwrap, type Schemas, type Session } from "./api/client";
import { forgetMe, useMe } from "./api/hooks";

interface Auth {
  session: Session | null;
  user: Schemas["MeOut"] | undefined;
  loading: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState(loadSession);
  const client = useQueryClient();
  useEffect(() => onSessionChange(setSession), []);
  const me = useMe(session !== null);

  const value: Auth = {
    session,
    user: session ? me.data : undefined,
    loading: session !== null && me.isPending,
    async signIn(email, password) {
      const tokens = unwrap(await api.POST("/api/v1/auth/token", { body: { email, password } }));
      client.clear();
      forgetMe();
      saveSession({ access_token: tokens.access_token, refresh_token: tokens.refresh_token ?? "" });
    },
    async signOut() {
      const current = loadSession();
      if (current) {
        await api.POST("/api/v1/auth/logout", { body: { refresh_token: current.refresh_token } }).catch(() => undefined);
      }
      saveSession(null);
      forgetMe();
      client.clear();
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth outside AuthProvider");
  return auth;
}
