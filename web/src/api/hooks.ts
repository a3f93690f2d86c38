/** TanStack Query hooks for what several pages read. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

export function useMe(enabled: boolean) {
  return useQuery({
    queryKey: ["me"],
    queryFn: async () => unwrap(await api.GET("/api/v1/me")),
    enabled,
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
