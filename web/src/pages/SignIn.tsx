import { useState, type FormEvent } from "react";
import { api, unwrap } from "../api/client";
import { useAuth } from "../auth";
import { ErrorMessage, Field, PageTitle } from "../components/ui";
import { Link, navigate } from "../router";

export function SignIn() {
  const auth = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await auth.signIn(String(form.get("email")), String(form.get("password")));
      navigate("/");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main">
      <PageTitle>Sign in</PageTitle>
      <form onSubmit={submit} aria-label="Sign in">
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        New to Mathpath? <Link to="/register">Create an account</Link>
      </p>
    </main>
  );
}

export function Register() {
  const auth = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [role, setRole] = useState<"student" | "teacher" | "parent">("student");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    setBusy(true);
    setError(null);
    try {
      unwrap(
        await api.POST("/api/v1/auth/register", {
          body: {
            email,
            password,
            display_name: String(form.get("display_name")),
            role,
            date_of_birth: String(form.get("date_of_birth")) || null,
            accept_terms: form.get("accept_terms") === "on",
            accept_privacy: form.get("accept_privacy") === "on",
          },
        }),
      );
      await auth.signIn(email, password);
      navigate("/");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main">
      <PageTitle>Create an account</PageTitle>
      <form onSubmit={submit} aria-label="Create an account">
        <fieldset>
          <legend>I am a</legend>
          {(["student", "teacher", "parent"] as const).map((r) => (
            <label key={r} className="choice">
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} /> {r}
            </label>
          ))}
        </fieldset>
        <Field label="Your name" name="display_name" autoComplete="name" required maxLength={80} />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
        />
        <Field label="Date of birth" name="date_of_birth" type="date" required={role === "student"} />
        <label className="choice">
          <input type="checkbox" name="accept_terms" required /> I accept the terms of use
        </label>
        <label className="choice">
          <input type="checkbox" name="accept_privacy" required /> I accept the privacy notice
        </label>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      <p>
        Already registered? <Link to="/signin">Sign in</Link>
      </p>
    </main>
  );
}
