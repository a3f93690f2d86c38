/** A teacher's classes: create one, share its join code, set assignments, read the overview. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api, newKey, unwrap } from "../api/client";
import { useClasses } from "../api/hooks";
import { ErrorMessage, Field, Loading, PageTitle, percent } from "../components/ui";

export function Teacher() {
  const client = useQueryClient();
  const classes = useClasses();
  const [selected, setSelected] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async (name: string) => unwrap(await api.POST("/api/v1/classes", { body: { name } })),
    onSuccess: (c) => {
      setSelected(c.id);
      void client.invalidateQueries({ queryKey: ["classes"] });
    },
  });
  const current = selected ?? classes.data?.[0]?.id ?? null;

  return (
    <main id="main">
      <PageTitle>My classes</PageTitle>
      <section aria-labelledby="classes-heading" className="card">
        <h2 id="classes-heading">Classes</h2>
        {classes.isPending ? <Loading what="classes" /> : null}
        <ErrorMessage error={classes.error} />
        <ul className="tabs" role="list">
          {classes.data?.map((c) => (
            <li key={c.id}>
              <button type="button" aria-pressed={c.id === current} onClick={() => setSelected(c.id)}>
                {c.name}
              </button>
            </li>
          ))}
        </ul>
        <form
          aria-label="Create a class"
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const form = e.currentTarget;
            const name = String(new FormData(form).get("name")).trim();
            if (name) create.mutate(name);
            form.reset();
          }}
        >
          <Field label="New class name" name="name" required maxLength={100} />
          <button type="submit" disabled={create.isPending}>Create class</button>
        </form>
        <ErrorMessage error={create.error} />
      </section>
      {current ? <ClassView classId={current} /> : null}
    </main>
  );
}

function ClassView({ classId }: { classId: string }) {
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ["class", classId],
    queryFn: async () => unwrap(await api.GET("/api/v1/classes/{class_id}", { params: { path: { class_id: classId } } })),
  });
  const overview = useQuery({
    queryKey: ["overview", classId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/teaching/classes/{class_id}/overview", { params: { path: { class_id: classId } } })),
    refetchInterval: 15_000,
  });
  const newCode = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/classes/{class_id}/join-code", { params: { path: { class_id: classId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["class", classId] }),
  });
  const names = new Map(detail.data?.students.map((s) => [s.id, s.display_name]) ?? []);
  const name = (id: string) => names.get(id) ?? "A student";
  const skillName = new Map(overview.data?.skills.map((s) => [s.skill_id, s.name]) ?? []);

  return (
    <>
      <section aria-labelledby="class-heading" className="card">
        <h2 id="class-heading">{detail.data?.name ?? "Class"}</h2>
        <ErrorMessage error={detail.error} />
        {detail.data ? (
          <>
            <p>
              Join code: <code data-testid="join-code">{detail.data.join_code ?? "none"}</code>{" "}
              <button type="button" className="secondary" onClick={() => newCode.mutate()} disabled={newCode.isPending}>
                New code
              </button>
            </p>
            <p className="muted">Students enter this code under “Classes and family” to join.</p>
            <h3>Students ({detail.data.students.length})</h3>
            <ul className="plain">
              {detail.data.students.map((s) => <li key={s.id}>{s.display_name}</li>)}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="overview-heading" className="card">
        <h2 id="overview-heading">Overview</h2>
        <ErrorMessage error={overview.error} />
        {overview.data ? (
          <>
            <div className="table-scroll">
              <table>
                <caption>Mastery per student</caption>
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Answers</th>
                    <th scope="col">Skills mastered</th>
                    <th scope="col">Stuck on</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.data.students.map((s) => (
                    <tr key={s.student_id}>
                      <th scope="row">{name(s.student_id)}</th>
                      <td data-testid="student-attempts">{s.attempts}</td>
                      <td>{s.mastered}</td>
                      <td>{s.stuck_on.map((k) => skillName.get(k) ?? k).join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h3>Stuck students</h3>
            {overview.data.stuck.length === 0 ? <p>No one is stuck.</p> : null}
            <ul className="plain">
              {overview.data.stuck.map((s) => (
                <li key={`${s.student_id}:${s.skill_id}`}>
                  {name(s.student_id)} on {s.skill_name}: {s.wrong_in_a_row} wrong in a row, mastery {percent(s.p_known)}
                </li>
              ))}
            </ul>
            <h3>Common misconceptions</h3>
            {overview.data.misconceptions.length === 0 ? <p>None seen yet.</p> : null}
            <ul className="plain">
              {overview.data.misconceptions.map((m) => (
                <li key={m.misconception}>
                  {m.misconception.replace(/[-_.]/g, " ")}: {m.count} time(s)
                </li>
              ))}
            </ul>
            <h3>Skills</h3>
            <ul className="plain">
              {overview.data.skills.map((s) => (
                <li key={s.skill_id}>
                  {s.name}: mean mastery {percent(s.mean_p_known)}, {s.students_practised} practised, {s.mastered} mastered
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <Assignments classId={classId} />
    </>
  );
}

function Assignments({ classId }: { classId: string }) {
  const client = useQueryClient();
  const moduleId = useId();
  const list = useQuery({
    queryKey: ["assignments", classId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/teaching/classes/{class_id}/assignments", { params: { path: { class_id: classId } } })),
  });
  const modules = useQuery({
    queryKey: ["modules"],
    queryFn: async () => unwrap(await api.GET("/api/v1/modules")),
    staleTime: Infinity,
  });
  const create = useMutation({
    mutationFn: async (body: { title: string; module: string; due: string }) =>
      unwrap(
        await api.POST("/api/v1/teaching/classes/{class_id}/assignments", {
          params: { path: { class_id: classId }, header: { "Idempotency-Key": newKey() } },
          body: {
            title: body.title,
            target_kind: "module",
            target_ids: [body.module],
            due_at: new Date(`${body.due}T23:59:00`).toISOString(),
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["assignments", classId] }),
  });
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

  return (
    <section aria-labelledby="assign-heading" className="card">
      <h2 id="assign-heading">Assignments</h2>
      <ul className="plain">
        {list.data?.map((a) => (
          <li key={a.id}>
            {a.title}: due {new Date(a.due_at).toLocaleDateString()} ({a.skills.length} skills)
          </li>
        ))}
        {list.data?.length === 0 ? <li>No assignments yet.</li> : null}
      </ul>
      <form
        aria-label="Set an assignment"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          create.mutate({ title: String(form.get("title")), module: String(form.get("module")), due: String(form.get("due")) });
        }}
      >
        <Field label="Title" name="title" required maxLength={200} />
        <div className="field">
          <label htmlFor={moduleId}>Module</label>
          <select id={moduleId} name="module" required>
            {modules.data?.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title} ({m.level})
              </option>
            ))}
          </select>
        </div>
        <Field label="Due date" name="due" type="date" defaultValue={inAWeek} required />
        <button type="submit" disabled={create.isPending}>Set assignment</button>
      </form>
      <ErrorMessage error={create.error} />
    </section>
  );
}
