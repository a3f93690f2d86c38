/** Progress: mastery by skill (chart and table), modules, streak, reviews due, recent work. */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap } from "../api/client";
import { useDashboard } from "../api/hooks";
import { MasteryChart } from "../components/MasteryChart";
import { ErrorMessage, Loading, PageTitle, percent } from "../components/ui";

export function Progress() {
  const dashboard = useDashboard();
  const reviews = useQuery({
    queryKey: ["reviews"],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/students/{student_id}/reviews", { params: { path: { student_id: "me" } } })),
  });
  const bars = useMemo(
    () => (dashboard.data?.skills ?? []).map((s) => ({ label: s.name, value: s.p_known })),
    [dashboard.data],
  );

  return (
    <main id="main">
      <PageTitle>My progress</PageTitle>
      {dashboard.isPending ? <Loading what="your progress" /> : null}
      <ErrorMessage error={dashboard.error} />
      {dashboard.data ? (
        <>
          <section aria-labelledby="summary-heading" className="card">
            <h2 id="summary-heading">Summary</h2>
            <dl className="stats">
              <div><dt>Answers</dt><dd>{dashboard.data.attempts}</dd></div>
              <div><dt>Skills mastered</dt><dd>{dashboard.data.skills_mastered}</dd></div>
              <div><dt>Streak</dt><dd>{dashboard.data.streak_days} day(s)</dd></div>
              <div><dt>Reviews due</dt><dd>{dashboard.data.reviews_due}</dd></div>
            </dl>
          </section>
          <section aria-labelledby="mastery-heading" className="card">
            <h2 id="mastery-heading">Mastery by skill</h2>
            <MasteryChart bars={bars} title="Mastery by skill" />
          </section>
          <section aria-labelledby="modules-heading" className="card">
            <h2 id="modules-heading">Modules</h2>
            <ul className="plain">
              {dashboard.data.modules.map((m) => (
                <li key={m.module_id}>
                  <span>{m.title}</span>{" "}
                  <progress max={1} value={m.mean_p_known} aria-label={`${m.title} progress`} /> {percent(m.mean_p_known)} ·{" "}
                  {m.mastered}/{m.skills} skills mastered
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="recent-heading" className="card">
            <h2 id="recent-heading">Recent answers</h2>
            <ul className="plain">
              {dashboard.data.recent.map((r) => (
                <li key={r.attempt_id}>
                  {r.correct ? "✓" : "✗"} <span className="visually-hidden">{r.correct ? "correct" : "incorrect"}</span>{" "}
                  {r.skill_names.join(", ")} · {new Date(r.answered_at).toLocaleString()}
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
      <section aria-labelledby="reviews-heading" className="card">
        <h2 id="reviews-heading">Reviews</h2>
        <ErrorMessage error={reviews.error} />
        {reviews.data && reviews.data.length === 0 ? <p>No reviews scheduled yet: they appear once you master a skill.</p> : null}
        <ul className="plain">
          {reviews.data?.map((r) => (
            <li key={r.skill_id}>
              {r.skill_name}: {r.overdue ? "overdue" : "due"} {new Date(r.due).toLocaleDateString()}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
