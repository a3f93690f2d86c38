/**
 * The student's practice page: the recommended next activity with its reason, the item typeset
 * with KaTeX, the answer typed in MathLive, the verdict and feedback, and the tutor beside it.
 * An answer given offline is queued on this device and sent when the network is back.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, newKey, unwrap, type Schemas } from "../api/client";
import { useAuth } from "../auth";
import { Lesson, MathText } from "../components/MathText";
import { MathInput } from "../components/MathInput";
import { ErrorMessage, Loading, PageTitle, percent } from "../components/ui";
import { queue, queueChanged } from "../offline/sync";
import { TutorChat } from "./Tutor";

type Verdict =
  | { kind: "marked"; attempt: Schemas["AttemptOut"] }
  | { kind: "queued"; clientId: string };

export function Practice() {
  const next = useQuery({
    queryKey: ["next"],
    queryFn: async () => unwrap(await api.GET("/api/v1/students/{student_id}/next", { params: { path: { student_id: "me" } } })),
  });

  return (
    <main id="main">
      <PageTitle>Practise</PageTitle>
      {next.isPending ? <Loading what="your next activity" /> : null}
      <ErrorMessage error={next.error} />
      {next.data ? <Activity next={next.data} /> : null}
    </main>
  );
}

function Activity({ next }: { next: Schemas["NextOut"] }) {
  const [showLesson, setShowLesson] = useState(false);
  return (
    <>
      <section aria-labelledby="next-heading" className="card">
        <h2 id="next-heading">Next: {next.skill_name ?? "practice"}</h2>
        <p className="reason">{next.reason}</p>
        {next.p_known !== null && next.p_known !== undefined ? (
          <p className="muted">
            Mastery so far {percent(next.p_known)}
            {next.predicted_success != null ? `, chance of getting the next one right ${percent(next.predicted_success)}` : ""}
            {next.reviews_due ? ` · ${next.reviews_due} review(s) due` : ""}
          </p>
        ) : null}
        {next.module_id && next.lesson_id ? (
          <button type="button" className="secondary" aria-expanded={showLesson} onClick={() => setShowLesson(!showLesson)}>
            {showLesson ? "Hide the lesson" : "Read the lesson"}
          </button>
        ) : null}
        {showLesson && next.module_id && next.lesson_id ? <LessonView moduleId={next.module_id} lessonId={next.lesson_id} /> : null}
      </section>
      {next.item_id ? <ItemView itemId={next.item_id} seed={next.seed ?? null} /> : <p>Nothing to practise right now.</p>}
    </>
  );
}

function LessonView({ moduleId, lessonId }: { moduleId: string; lessonId: string }) {
  const lesson = useQuery({
    queryKey: ["lesson", moduleId, lessonId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/modules/{module_id}/lessons/{lesson_id}", {
          params: { path: { module_id: moduleId, lesson_id: lessonId } },
        }),
      ),
  });
  if (lesson.isPending) return <Loading what="the lesson" />;
  if (lesson.error) return <ErrorMessage error={lesson.error} />;
  return <Lesson body={lesson.data.body.replace(/^# .*\n+/, "")} />;
}

function ItemView({ itemId, seed }: { itemId: string; seed: number | null }) {
  const { user } = useAuth();
  const client = useQueryClient();
  const item = useQuery({
    queryKey: ["item", itemId, seed],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/items/{item_id}", {
          params: { path: { item_id: itemId }, query: seed === null ? {} : { seed } },
        }),
      ),
    staleTime: Infinity,
  });
  const [answer, setAnswer] = useState("");
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [tries, setTries] = useState(0);
  const status = useRef<HTMLDivElement>(null);
  const started = useRef(Date.now());

  useEffect(() => {
    setVerdict(null);
    setTries(0);
    started.current = Date.now();
  }, [itemId, seed]);

  const submit = useMutation({
    mutationFn: async (text: string): Promise<Verdict> => {
      const data = item.data!;
      const body = {
        item_id: data.id,
        seed: data.seed ?? null,
        answer: text,
        content_version: data.content_version,
        duration_ms: Math.min(Date.now() - started.current, 86_400_000),
      };
      const key = newKey();
      let route: "attempts" | undefined;
      if (navigator.onLine) {
        try {
          const attempt = unwrap(await api.POST("/api/v1/attempts", { body, params: { header: { "Idempotency-Key": key } } }));
          return { kind: "marked", attempt };
        } catch (error) {
          if (!(error instanceof ApiError && error.offline)) throw error;
          route = "attempts"; // it may have reached the server: resend with the same key
        }
      }
      // No network: keep the answer (and its key) on this device; it is sent on reconnect.
      const entry = await queue.add(user!.id, { ...body, client_id: key, route });
      queueChanged();
      return { kind: "queued", clientId: entry.client_id };
    },
    onSuccess: (result) => {
      setVerdict(result);
      setTries((t) => t + 1);
      if (result.kind === "marked") {
        void client.invalidateQueries({ queryKey: ["dashboard"] });
        void client.invalidateQueries({ queryKey: ["reviews"] });
      }
      requestAnimationFrame(() => status.current?.focus());
    },
  });

  const onSubmit = useCallback(() => {
    if (answer.trim() !== "" && !submit.isPending) submit.mutate(answer.trim());
  }, [answer, submit]);

  if (item.isPending) return <Loading what="the question" />;
  if (item.error) return <ErrorMessage error={item.error} />;
  const data = item.data;
  const solved = verdict?.kind === "marked" && verdict.attempt.correct;

  return (
    <div className="practice">
      <section aria-labelledby="question-heading" className="card question" data-item={`${data.id}:${data.seed ?? ""}`}>
        <h2 id="question-heading">Question</h2>
        <p className="stem">
          <MathText text={data.stem} />
        </p>
        {data.parts ? <p className="muted">This question has several parts; answer the first here.</p> : null}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <MathInput label="Your answer" onChange={setAnswer} onSubmit={onSubmit} resetKey={`${data.id}:${data.seed}`} />
          <button type="submit" disabled={submit.isPending || answer.trim() === "" || solved}>
            Check my answer
          </button>
        </form>
        <ErrorMessage error={submit.error} />
        <div ref={status} tabIndex={-1} role="status" aria-live="polite" className="verdict-host">
          {verdict ? <VerdictView verdict={verdict} /> : null}
        </div>
        {solved || verdict?.kind === "queued" ? (
          <button
            type="button"
            onClick={() => {
              setVerdict(null);
              void client.invalidateQueries({ queryKey: ["next"] });
            }}
          >
            Next question
          </button>
        ) : null}
        {tries > 0 && !solved && verdict?.kind === "marked" ? <p className="muted">Try again, or ask the tutor for a hint.</p> : null}
      </section>
      <TutorChat itemId={data.id} seed={data.seed ?? null} />
    </div>
  );
}

function VerdictView({ verdict }: { verdict: Verdict }) {
  if (verdict.kind === "queued") {
    return (
      <div className="verdict queued">
        <strong>Saved on this device.</strong> You are offline: your answer will be marked when you are back online.
      </div>
    );
  }
  const a = verdict.attempt;
  return (
    <div className={`verdict ${a.correct ? "correct" : "incorrect"}`} data-testid="verdict">
      <strong>{a.correct ? "Correct!" : "Not quite."}</strong> <MathText text={a.feedback} />
      {a.misconception ? <p>Possible misconception: {a.misconception.replace(/[-_.]/g, " ")}</p> : null}
      <ul className="mastery-changes">
        {a.mastery.map((m) => (
          <li key={m.skill_id}>
            {m.skill_id}: {percent(m.previous ?? 0)} → {percent(m.p_known)}
            {m.mastered ? " (mastered)" : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
