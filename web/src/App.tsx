import { useEffect } from "react";
import { useAuth } from "./auth";
import { Loading } from "./components/ui";
import { OfflineBanner } from "./offline/OfflineBanner";
import { Account } from "./pages/Account";
import { Billing } from "./pages/Billing";
import { SandboxCheckout, sandboxCheckoutRoute } from "./pages/SandboxCheckout";
import { Parent } from "./pages/Parent";
import { Practice } from "./pages/Practice";
import { Progress } from "./pages/Progress";
import { Register, SignIn } from "./pages/SignIn";
import { Teacher } from "./pages/Teacher";
import { Link, navigate, useLocation } from "./router";

const NAV: Record<string, { to: string; label: string }[]> = {
  student: [
    { to: "/", label: "Practise" },
    { to: "/progress", label: "Progress" },
    { to: "/account", label: "Classes and family" },
    { to: "/billing", label: "Plan" },
  ],
  teacher: [
    { to: "/", label: "Classes" },
    { to: "/billing", label: "Plan" },
  ],
  parent: [
    { to: "/", label: "Children" },
    { to: "/billing", label: "Plan" },
  ],
};

export function App() {
  const { session, user, loading, signOut } = useAuth();
  const { path } = useLocation();

  useEffect(() => {
    if (session === null && path !== "/signin" && path !== "/register") navigate("/signin");
  }, [session, path]);

  const role = user?.role === "admin" ? "teacher" : (user?.role ?? "student");
  const links = NAV[role] ?? [];

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Mathpath</span>
        {user ? (
          <nav aria-label="Main">
            <ul>
              {links.map((l) => (
                <li key={l.to}>
                  <Link to={l.to} aria-current={path === l.to ? "page" : undefined}>
                    {l.label}
                  </Link>
                </li>
              ))}
              <li>
                <button type="button" className="link" onClick={() => void signOut()}>
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>
      {user ? <OfflineBanner owner={user.id} /> : null}
      {session === null ? (
        path === "/register" ? <Register /> : <SignIn />
      ) : loading || !user ? (
        <main id="main">
          <Loading what="your account" />
        </main>
      ) : (
        <Page role={role} path={path} />
      )}
    </>
  );
}

function Page({ role, path }: { role: string; path: string }) {
  const sandbox = sandboxCheckoutRoute(path);
  if (sandbox) return <SandboxCheckout key={sandbox} sessionId={sandbox} />;
  if (path === "/billing" || path === "/billing/return") return <Billing key={path} returned={path === "/billing/return"} />;
  if (role === "teacher") return <Teacher />;
  if (role === "parent") return <Parent />;
  if (path === "/progress") return <Progress />;
  if (path === "/account") return <Account />;
  return <Practice />;
}
