/**
 * The typed API client: openapi-fetch over the generated `schema.d.ts`, with the session's
 * bearer token added to every request and one refresh (rotation) on a 401.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];

export interface Session {
  access_token: string;
  refresh_token: string;
}

const STORAGE_KEY = "mathpath.session";

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session === null) {
    localStorage.removeItem(STORAGE_KEY);
    localStorage.removeItem("mathpath.me");
  } else localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  for (const listener of listeners) listener(session);
}

const listeners = new Set<(session: Session | null) => void>();
export function onSessionChange(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A problem+json error (RFC 9457) from the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { type?: string; title?: string; detail?: string } = {},
  ) {
    super(problem.detail ?? problem.title ?? (status === 0 ? "You are offline." : `HTTP ${status}`));
  }
  get offline(): boolean {
    return this.status === 0;
  }
}

let refreshing: Promise<Session | null> | null = null;

async function refresh(session: Session): Promise<Session | null> {
  refreshing ??= (async () => {
    try {
      const response = await fetch("/api/v1/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: session.refresh_token }),
      });
      if (!response.ok) {
        if (response.status === 401 || response.status === 400) saveSession(null);
        return null;
      }
      const tokens = (await response.json()) as Session;
      const next = { access_token: tokens.access_token, refresh_token: tokens.refresh_token };
      saveSession(next);
      return next;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** fetch with the session's token; a 401 refreshes the tokens once and retries. */
export async function authFetch(input: Request | string, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const session = loadSession();
  const send = (token: string | undefined) => {
    const attempt = request.clone();
    if (token) attempt.headers.set("Authorization", `Bearer ${token}`);
    return fetch(attempt);
  };
  let response: Response;
  try {
    response = await send(session?.access_token);
  } catch {
    throw new ApiError(0);
  }
  if (response.status === 401 && session !== null && !request.url.includes("/api/v1/auth/")) {
    const renewed = await refresh(session);
    if (renewed !== null) response = await send(renewed.access_token);
  }
  return response;
}

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  fetch: authFetch,
});

/** The data of an openapi-fetch result, or an ApiError carrying the problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const problem = (result.error ?? {}) as ConstructorParameters<typeof ApiError>[1];
    throw new ApiError(result.response.status, problem);
  }
  return result.data;
}

/** A fresh idempotency key (crypto.randomUUID needs a secure context; fall back to bytes). */
export function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
