/**
 * The sandbox provider's checkout, in the app. Paying a sandbox checkout needs the paying
 * account's token (the API refuses anyone else), so the app shows this page instead of
 * following the provider's HTML page, and pays with the signed-in account. A real provider's
 * page (Stripe, PayPal) is never replaced: Billing only routes here for the sandbox's own path.
 */
import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { ErrorMessage, PageTitle } from "../components/ui";
import { Link } from "../router";

/** The sandbox checkout session a same-origin provider URL points at, if it is one. */
export function sandboxSession(pathname: string): string | null {
  const match = /^\/api\/v1\/billing\/sandbox\/checkout\/([A-Za-z0-9_-]+)$/.exec(pathname);
  return match?.[1] ?? null;
}

/** The session id in the app's own route, /billing/sandbox/{id}. */
export function sandboxCheckoutRoute(path: string): string | null {
  const match = /^\/billing\/sandbox\/([A-Za-z0-9_-]+)$/.exec(path);
  return match?.[1] ?? null;
}

export function SandboxCheckout({ sessionId }: { sessionId: string }) {
  const pay = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/billing/sandbox/checkout/{session_id}/complete", {
          params: { path: { session_id: sessionId } },
        }),
      ),
  });
  return (
    <main id="main">
      <PageTitle>Test checkout</PageTitle>
      <section className="card" aria-labelledby="sandbox-heading">
        <h2 id="sandbox-heading">Sandbox payment</h2>
        <p>
          This platform runs with the sandbox payment provider: no card is taken and no money moves. Paying here
          starts the subscription as a real provider would.
        </p>
        <ErrorMessage error={pay.error} />
        {pay.isSuccess ? (
          <p role="status">
            Payment received. <Link to="/billing/return">Back to your plan</Link>
          </p>
        ) : (
          <button type="button" disabled={pay.isPending} onClick={() => pay.mutate()}>
            Pay
          </button>
        )}
      </section>
    </main>
  );
}
