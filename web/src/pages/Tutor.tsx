/**
 * The tutor beside a question: a session is started on the item at the first message, and each
 * reply is streamed as server-sent events (`meta`, `delta`s, maybe a `replace`, then `done` or
 * `error`). A failed turn can be sent again with the same idempotency key.
 */
import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError, api, authFetch, newKey, unwrap } from "../api/client";
import { MathText } from "../components/MathText";
import { ErrorMessage } from "../components/ui";
import { readSse } from "../sse";

interface Turn {
  id: string;
  who: "student" | "tutor";
  text: string;
  rung?: string | null;
  pending?: boolean;
}

export function TutorChat({ itemId, seed }: { itemId: string; seed: number | null }) {
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState("");
  const failed = useRef<{ text: string; key: string } | null>(null);
  const inputId = useId();
  const sessionFor = useRef(`${itemId}:${seed}`);

  if (sessionFor.current !== `${itemId}:${seed}`) {
    sessionFor.current = `${itemId}:${seed}`;
    setSessionId(null);
    setTurns([]);
    setError(null);
  }

  async function ensureSession(): Promise<string> {
    if (sessionId) return sessionId;
    const session = unwrap(
      await api.POST("/api/v1/tutor/sessions", {
        body: { item_id: itemId, seed, mode: "practice" },
        params: { header: { "Idempotency-Key": newKey() } },
      }),
    );
    setSessionId(session.id);
    return session.id;
  }

  async function send(text: string) {
    const retry = failed.current?.text === text ? failed.current : null;
    const key = retry?.key ?? newKey();
    failed.current = null;
    setBusy(true);
    setError(null);
    const replyId = `${key}:reply`;
    setTurns((t) => [
      ...t.filter((x) => x.id !== key && x.id !== replyId),
      { id: key, who: "student", text },
      { id: replyId, who: "tutor", text: "", pending: true },
    ]);
    const update = (patch: Partial<Turn>) =>
      setTurns((t) => t.map((x) => (x.id === replyId ? { ...x, ...patch } : x)));
    try {
      const id = await ensureSession();
      const response = await authFetch(`/api/v1/tutor/sessions/${id}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream", "Idempotency-Key": key },
        body: JSON.stringify({ text }),
      });
      if (!response.ok || response.body === null) {
        throw new ApiError(response.status, await response.json().catch(() => ({})));
      }
      let shown = "";
      let problem: ApiError | null = null;
      await readSse(response.body, ({ event, data }) => {
        const payload = JSON.parse(data) as Record<string, unknown>;
        if (event === "meta") update({ rung: (payload.rung_name as string | null) ?? null });
        else if (event === "delta") update({ text: (shown += String(payload.text)) });
        else if (event === "replace") update({ text: (shown = String(payload.text)) });
        else if (event === "done") update({ text: String(payload.text), pending: false });
        else if (event === "error") problem = new ApiError(Number(payload.status) || 500, payload);
      });
      if (problem) throw problem;
    } catch (e) {
      failed.current = { text, key };
      setTurns((t) => t.filter((x) => x.id !== replyId));
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    setDraft("");
    void send(text);
  }

  return (
    <section aria-labelledby="tutor-heading" className="card tutor">
      <h2 id="tutor-heading">Tutor</h2>
      <ol className="chat" aria-live="polite" aria-relevant="additions text" aria-label="Conversation with the tutor">
        {turns.length === 0 ? <li className="muted">Stuck? Ask for a hint, or show the tutor a line of your working.</li> : null}
        {turns.map((turn) => (
          <li key={turn.id} className={`turn ${turn.who}`} aria-busy={turn.pending ? true : undefined}>
            <span className="visually-hidden">{turn.who === "tutor" ? "Tutor:" : "You:"} </span>
            {turn.rung ? <span className="badge">{turn.rung.replace(/_/g, " ")}</span> : null}
            <MathText text={turn.text || (turn.pending ? "…" : "")} />
          </li>
        ))}
      </ol>
      <ErrorMessage error={error} />
      <div className="row">
        <button type="button" className="secondary" disabled={busy} onClick={() => void send("Can I have a hint?")}>
          Give me a hint
        </button>
        {failed.current && !busy ? (
          <button type="button" className="secondary" onClick={() => void send(failed.current!.text)}>
            Send again
          </button>
        ) : null}
      </div>
      <form onSubmit={submit} className="row">
        <label htmlFor={inputId} className="visually-hidden">
          Message to the tutor
        </label>
        <input
          id={inputId}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Ask the tutor…"
          autoComplete="off"
          maxLength={2000}
        />
        <button type="submit" disabled={busy || draft.trim() === ""}>
          Send
        </button>
      </form>
    </section>
  );
}
