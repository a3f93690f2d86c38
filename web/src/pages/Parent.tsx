/** A parent's children: an invitation code to link one, progress, weekly summary, feedback. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api, newKey, unwrap, type Schemas } from "../api/client";
import { ErrorMessage, Loading, PageTitle, percent } from "../components/ui";
import { Link } from "../router";

export function Parent() {
  const children = useQuery({
    queryKey: ["children"],
    queryFn: async () => unwrap(await api.GET("/api/v1/learning/parents/me/children")),
  });
  const invite = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/links/invitations")),
  });

  return (
    <main id="main">
      <PageTitle>My children</PageTitle>
      <section aria-labelledby="link-heading" className="card">
        <h2 id="link-heading">Link a child</h2>
        <p>Make a code, then your child enters it under “Classes and family” in their account.</p>
        <button type="button" onClick={() => invite.mutate()} disabled={invite.isPending}>
          Make an invitation code
        </button>
        {invite.data ? (
          <p role="status">
            Code: <code data-testid="invite-code">{invite.data.invite_code}</code> (until{" "}
            {new Date(invite.data.expires_at).toLocaleDateString()})
          </p>
        ) : null}
        <ErrorMessage error={invite.error} />
      </section>
      {children.isPending ? <Loading what="your children" /> : null}
      <ErrorMessage error={children.error} />
      {children.data?.length === 0 ? <p>No children linked yet.</p> : null}
      {children.data?.map((child, i) => <Child key={child.student_id} child={child} index={i + 1} />)}
    </main>
  );
}

function Child({ child, index }: { child: Schemas["ChildSummary"]; index: number }) {
  const d = child.dashboard;
  const s = child.summary;
  const heading = `child-${child.student_id}`;
  return (
    <section aria-labelledby={heading} className="card">
      <h2 id={heading}>Child {index}</h2>
      <dl className="stats">
        <div><dt>Answers</dt><dd>{d.attempts}</dd></div>
        <div><dt>Skills mastered</dt><dd>{d.skills_mastered}</dd></div>
        <div><dt>Streak</dt><dd>{d.streak_days} day(s)</dd></div>
      </dl>
      <h3>This week</h3>
      {s ? (
        <ul className="plain">
          <li>{s.attempts} answers, {s.correct} right, on {s.days_active} day(s)</li>
          <li>Practised: {s.skills_practised.join(", ") || "nothing yet"}</li>
          <li>Mastered: {s.skills_mastered.join(", ") || "none yet"}</li>
          <li>Finding hard: {s.struggling_with.join(", ") || "nothing"}</li>
        </ul>
      ) : (
        <p>
          Weekly summaries come with the Basic or Premium plan. <Link to="/billing">See plans</Link>
        </p>
      )}
      <h3>Skills</h3>
      <ul className="plain">
        {d.skills.map((k) => (
          <li key={k.skill_id}>
            {k.name}: {percent(k.p_known)}
            {k.mastered ? " (mastered)" : ""}
          </li>
        ))}
      </ul>
      <Feedback studentId={child.student_id} />
    </section>
  );
}

export function Feedback({ studentId }: { studentId: string }) {
  const client = useQueryClient();
  const id = useId();
  const [sent, setSent] = useState("");
  const notes = useQuery({
    queryKey: ["feedback", studentId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/students/{student_id}/feedback", { params: { path: { student_id: studentId } } })),
  });
  const add = useMutation({
    mutationFn: async (body: string) =>
      unwrap(
        await api.POST("/api/v1/students/{student_id}/feedback", {
          params: { path: { student_id: studentId }, header: { "Idempotency-Key": newKey() } },
          body: { body },
        }),
      ),
    onSuccess: () => {
      setSent("Feedback sent: the tutor will take it into account.");
      void client.invalidateQueries({ queryKey: ["feedback", studentId] });
    },
  });
  return (
    <>
      <h3>Feedback</h3>
      <ul className="plain">
        {notes.data?.map((n) => (
          <li key={n.id}>
            {n.body} <span className="muted">({n.author_role}, {new Date(n.created_at).toLocaleDateString()})</span>
          </li>
        ))}
      </ul>
      <form
        aria-label="Leave feedback"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const form = e.currentTarget;
          const body = String(new FormData(form).get("body")).trim();
          if (body) add.mutate(body);
          form.reset();
        }}
      >
        <label htmlFor={id}>A note for your child and the tutor</label>
        <textarea id={id} name="body" rows={3} maxLength={2000} required />
        <button type="submit" disabled={add.isPending}>Send feedback</button>
      </form>
      <p role="status" aria-live="polite">{sent}</p>
      <ErrorMessage error={add.error} />
    </>
  );
}
