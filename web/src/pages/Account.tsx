/** A student's links: join a class with its code, accept a parent's invitation. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, unwrap } from "../api/client";
import { useClasses } from "../api/hooks";
import { ErrorMessage, Field, PageTitle } from "../components/ui";

export function Account() {
  const client = useQueryClient();
  const classes = useClasses();
  const [message, setMessage] = useState("");
  const join = useMutation({
    mutationFn: async (code: string) => unwrap(await api.POST("/api/v1/classes/join", { body: { join_code: code } })),
    onSuccess: (c) => {
      setMessage(`You joined ${c.name}.`);
      void client.invalidateQueries({ queryKey: ["classes"] });
    },
  });
  const accept = useMutation({
    mutationFn: async (code: string) => unwrap(await api.POST("/api/v1/links/accept", { body: { invite_code: code } })),
    onSuccess: () => setMessage("Your parent or carer is now linked to your account."),
  });

  const submit = (mutate: (code: string) => void, name: string) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const code = String(new FormData(form).get(name)).trim();
    if (code) mutate(code);
    form.reset();
  };

  return (
    <main id="main">
      <PageTitle>Classes and family</PageTitle>
      <p role="status" aria-live="polite">{message}</p>
      <section aria-labelledby="classes-heading" className="card">
        <h2 id="classes-heading">My classes</h2>
        <ul className="plain">
          {classes.data?.map((c) => <li key={c.id}>{c.name}</li>)}
          {classes.data?.length === 0 ? <li>You are not in a class yet.</li> : null}
        </ul>
        <form onSubmit={submit(join.mutate, "join_code")} aria-label="Join a class">
          <Field label="Class join code" name="join_code" autoComplete="off" required maxLength={20} />
          <button type="submit" disabled={join.isPending}>Join class</button>
        </form>
        <ErrorMessage error={join.error} />
      </section>
      <section aria-labelledby="parent-heading" className="card">
        <h2 id="parent-heading">Link a parent or carer</h2>
        <form onSubmit={submit(accept.mutate, "invite_code")} aria-label="Accept a parent's invitation">
          <Field label="Invitation code from your parent or carer" name="invite_code" autoComplete="off" required maxLength={40} />
          <button type="submit" disabled={accept.isPending}>Accept invitation</button>
        </form>
        <ErrorMessage error={accept.error} />
      </section>
    </main>
  );
}
