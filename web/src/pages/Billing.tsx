/**
 * Plans and checkout. The checkout is hosted by the payment provider (the sandbox in embedded
 * mode): we start it, go to its page, and the provider sends the buyer back to
 * /billing/return, where the subscription is read again. The sandbox's page is the app's own
 * (SandboxCheckout), since paying it needs the signed-in account's token.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, newKey, unwrap } from "../api/client";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { navigate } from "../router";
import { sandboxSession } from "./SandboxCheckout";

function money(minor: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(minor / 100);
}

export function Billing({ returned }: { returned: boolean }) {
  const [interval, setInterval] = useState<"month" | "year">("month");
  const [family, setFamily] = useState(false);
  const familyId = useId();
  const plans = useQuery({
    queryKey: ["plans"],
    queryFn: async () => unwrap(await api.GET("/api/v1/billing/plans")),
    staleTime: Infinity,
  });
  const entitlements = useQuery({
    queryKey: ["entitlements"],
    queryFn: async () => unwrap(await api.GET("/api/v1/billing/entitlements/me")),
  });
  const subscriptions = useQuery({
    queryKey: ["subscriptions"],
    queryFn: async () => unwrap(await api.GET("/api/v1/billing/subscription")),
  });
  const checkout = useMutation({
    mutationFn: async (plan: "basic" | "premium") =>
      unwrap(
        await api.POST("/api/v1/billing/checkout", {
          params: { header: { "Idempotency-Key": newKey() } },
          body: { plan, interval, family },
        }),
      ),
    onSuccess: (out) => {
      // The provider's page; same origin in embedded mode, so only follow URLs we trust.
      const url = new URL(out.redirect_url, location.origin);
      const sandbox = url.origin === location.origin ? sandboxSession(url.pathname) : null;
      if (sandbox) navigate(`/billing/sandbox/${sandbox}`);  // paid with this account's token
      else location.assign(url.origin === location.origin ? url.pathname + url.search : url.href);
    },
  });

  return (
    <main id="main">
      <PageTitle>Plan</PageTitle>
      {returned ? (
        <p role="status" className="card">
          Thank you: your payment is being confirmed. Your plan below updates once the provider tells us.
        </p>
      ) : null}
      <section aria-labelledby="current-heading" className="card">
        <h2 id="current-heading">Your plan</h2>
        {entitlements.isPending ? <Loading what="your plan" /> : null}
        {entitlements.data ? (
          <p data-testid="current-plan">
            {entitlements.data.plan} · {entitlements.data.tutor_turns_per_day} tutor messages a day
            {entitlements.data.parent_weekly_reports ? " · weekly reports" : ""}
          </p>
        ) : null}
        <ul className="plain">
          {subscriptions.data?.subscriptions.map((s) => (
            <li key={s.id}>
              {s.plan} ({s.interval}{s.family ? ", family" : ""}): {s.status}
              {s.current_period_end ? `, renews ${new Date(s.current_period_end).toLocaleDateString()}` : ""}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="plans-heading" className="card">
        <h2 id="plans-heading">Plans</h2>
        <fieldset className="row">
          <legend>Pay</legend>
          {(["month", "year"] as const).map((i) => (
            <label key={i} className="choice">
              <input type="radio" name="interval" checked={interval === i} onChange={() => setInterval(i)} /> every {i}
            </label>
          ))}
          <label className="choice" htmlFor={familyId}>
            <input id={familyId} type="checkbox" checked={family} onChange={(e) => setFamily(e.target.checked)} /> family
          </label>
        </fieldset>
        <ErrorMessage error={plans.error ?? checkout.error} />
        <div className="plans">
          {plans.data?.map((p) => {
            const price = p.prices.find((x) => x.interval === interval && x.family === family);
            return (
              <article key={p.code} className="plan" aria-labelledby={`plan-${p.code}`}>
                <h3 id={`plan-${p.code}`}>{p.name}</h3>
                <p className="price">{price ? `${money(price.amount_minor, price.currency)} / ${interval}` : "Free"}</p>
                <ul>
                  <li>{p.tutor_turns_per_day} tutor messages a day</li>
                  <li>{p.max_pathways} pathway(s)</li>
                  {p.parent_weekly_reports ? <li>Weekly reports for parents</li> : null}
                  {p.llm_voice ? <li>A language-model voice for the tutor</li> : null}
                </ul>
                {price && (p.code === "basic" || p.code === "premium") ? (
                  <button
                    type="button"
                    disabled={checkout.isPending || entitlements.data?.plan === p.code}
                    onClick={() => checkout.mutate(p.code as "basic" | "premium")}
                  >
                    Choose {p.name}
                  </button>
                ) : null}
              </article>
            );
          })}
        </div>
      </section>
    </main>
  );
}
