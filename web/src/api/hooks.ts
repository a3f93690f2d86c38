/** TanStack Query hooks for what several pages read. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";

const ME_KEY = "mathpath.me";

/** The last `GET /me` seen, so that the app opens offline (a PWA must) as the same user. */
export function cachedMe(): Schemas["MeOut"] | undefined {
  try {
    const raw = localStorage.getItem(ME_KEY);
    return raw ? (JSON.parse(raw) as Schemas["MeOut"]) : undefined;
  } catch {
    return undefined;
  }
}

export function forgetMe(): void {
  localStorage.removeItem(ME_KEY);
}

export function useMe(enabled: boolean) {
  return useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      const me = unwrap(await api.GET("/api/v1/me"));
      localStorage.setItem(ME_KEY, JSON.stringify(me));
      return me;
    },
    enabled,
    initialData: enabled ? cachedMe : undefined,
    initialDataUpdatedAt: 0, // always revalidate when online
    staleTime: 60_000,
  });
}

export function useDashboard(studentId = "me") {
  return useQuery({
    queryKey: ["dashboard", studentId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/dashboard", {
          params: { path: { student_id: studentId } },
        }),
      ),
  });
}

export function useClasses() {
  return useQuery({
    queryKey: ["classes"],
    queryFn: async () => unwrap(await api.GET("/api/v1/classes")),
  });
}
