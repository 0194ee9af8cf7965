// The app: sign in with an API token (kept for this browser tab, in sessionStorage), then the
// pages, each at its own address under /app/.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { onSignInNeeded, run, token, SignInNeeded } from "./api.js";
import { go, html, onRoute } from "./ui.js";
import { AccountsPage } from "./pages/accounts.js";
import { CoveragePage } from "./pages/coverage.js";
import { PlanPage } from "./pages/plan.js";
import { HrPage } from "./pages/hr.js";

const PAGES = [
  [/^\/(app\/?|app\/accounts\/?)?$/, () => html`<${AccountsPage} />`, "Accounts"],
  [/^\/app\/accounts\/([^/]+)$/, (id) => html`<${CoveragePage} id=${id} />`, "Account coverage"],
  [/^\/app\/plans\/([^/]+)$/, (id) => html`<${PlanPage} id=${id} />`, "Plan"],
  [/^\/app\/hr\/?$/, () => html`<${HrPage} />`, "HR"],
];

function SignIn({ reason, onSignedIn }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run("browse-people", "BrowsePeople", { first: 1 }, value.trim());
      token.set(value.trim());
      onSignedIn();
    } catch (e) {
      setError(e instanceof SignInNeeded ? e.message : `could not sign in: ${e.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="signin" id="main">
    <h1>teamgraph</h1>
    <form onSubmit=${submit} aria-describedby="signin-help">
      <p id="signin-help">
        Sign in with an API token (\`make run\` prints one per role; \`teamgraph token create\` makes
        more). It is kept for this browser tab only.
      </p>
      ${reason && html`<p class="problem" role="alert">${reason}</p>`}
      <label for="token">API token</label>
      <input id="token" name="token" type="password" autocomplete="off" required
        value=${value} onInput=${(e) => setValue(e.target.value)}
        aria-invalid=${error ? "true" : "false"} aria-describedby=${error ? "token-error" : null} />
      ${error && html`<span class="field-error" id="token-error" role="alert">${error}</span>`}
      <button type="submit" disabled=${busy}>${busy ? "Checking…" : "Sign in"}</button>
    </form>
  </main>`;
}

function Shell({ children, title, onSignOut }) {
  useEffect(() => {
    document.title = `${title} · teamgraph`;
  }, [title]);
  const here = location.pathname;
  const current = (test) => (test ? "page" : null);
  return html`<a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href="/app/accounts">teamgraph</a>
      <nav aria-label="Main">
        <a href="/app/accounts" aria-current=${current(here === "/" || here.startsWith("/app/accounts"))}>Accounts</a>
        <a href="/app/hr" aria-current=${current(here.startsWith("/app/hr"))}>HR</a>
        <a href="/graphql" target="_blank" rel="noopener">GraphiQL</a>
        <button type="button" class="link" onClick=${onSignOut}>Sign out</button>
      </nav>
    </header>
    <main id="main" tabindex="-1">${children}</main>`;
}

function App() {
  const [, setTick] = useState(0);
  const [reason, setReason] = useState(null);
  const [signedIn, setSignedIn] = useState(Boolean(token.get()));
  useEffect(() => {
    onRoute(() => {
      setTick((t) => t + 1);
      // A new page: keyboard and screen-reader users start at its content, as after a load.
      requestAnimationFrame(() => document.getElementById("main")?.focus());
    });
    onSignInNeeded((message) => {
      token.clear();
      setReason(message ? `Signed out: ${message}.` : "Sign in to go on.");
      setSignedIn(false);
    });
  }, []);
  if (!signedIn) {
    return html`<${SignIn} reason=${reason} onSignedIn=${() => {
      setReason(null);
      setSignedIn(true);
    }} />`;
  }
  const path = location.pathname;
  for (const [pattern, page, title] of PAGES) {
    const match = path.match(pattern);
    if (match) {
      return html`<${Shell} title=${title} onSignOut=${() => {
        token.clear();
        setReason(null);
        setSignedIn(false);
      }}>${page(decodeURIComponent(match[1] ?? ""))}</${Shell}>`;
    }
  }
  return html`<${Shell} title="Not found" onSignOut=${() => go("/")}>
    <h1>Not found</h1><p><a href="/app/accounts">Back to the accounts</a></p></${Shell}>`;
}

render(html`<${App} />`, document.getElementById("app"));
