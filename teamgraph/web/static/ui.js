// Small shared pieces of the pages: markup helper, navigation, badges, errors, sortable tables.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { ApiError, SignInNeeded } from "./api.js";

export const html = htm.bind(h);

// --- navigation (history API: every page has its own address under /app/) -----------------
const routeListeners = new Set();
export const onRoute = (l) => routeListeners.add(l);
export function go(path) {
  if (path !== location.pathname + location.search) history.pushState(null, "", path);
  routeListeners.forEach((l) => l());
  window.scrollTo(0, 0);
}
addEventListener("popstate", () => routeListeners.forEach((l) => l()));
addEventListener("click", (event) => {
  const link = event.target.closest?.("a[href]");
  if (!link || link.target || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || !/^\/(app\/|$)/.test(url.pathname)) return;
  event.preventDefault();
  go(url.pathname + url.search);
});

// --- loading data ----------------------------------------------------------------------------
/** `[state, reload]` for an async loader: state is {loading}, {error} or {data}. */
export function useLoad(loader, deps) {
  const [state, setState] = useState({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loader().then(
      (data) => live && setState({ data }),
      (error) => live && !(error instanceof SignInNeeded) && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return [state, () => setRound((r) => r + 1)];
}

export function Loading({ what }) {
  return html`<p class="loading" role="status" aria-live="polite">Loading ${what}…</p>`;
}

export function Problem({ error }) {
  if (!error) return null;
  const text = error instanceof ApiError || error.message ? error.message : String(error);
  return html`<p class="problem" role="alert">${text}</p>`;
}

/** A typed API error beside the field it names (`field` matches), else nothing. */
export function FieldError({ error, field, id }) {
  if (!error || error.field !== field) return null;
  return html`<span class="field-error" id=${id} role="alert">${error.message}</span>`;
}

/** A typed API error that names no field shown on the form (null if it names one shown). */
export function FormError({ error, fields = [] }) {
  if (!error || fields.includes(error.field)) return null;
  return html`<p class="problem" role="alert">${error.message}${
    error.code ? html` <span class="code">(${error.code})</span>` : ""
  }</p>`;
}

// --- badges and figures ----------------------------------------------------------------------
export function Badge({ tone = "neutral", label, children, title }) {
  return html`<span class="badge ${tone}" title=${title} aria-label=${label}>${children}</span>`;
}

export const fmt = (n, digits = 0) =>
  n === null || n === undefined ? "—" : Number(n).toFixed(digits);

export const words = (s) => (s ? s.toLowerCase().replaceAll("_", " ") : "");

// --- a table sorted by clicking its headers ---------------------------------------------------
export function useSort(initial, dir = "asc") {
  const [sort, setSort] = useState({ key: initial, dir });
  const toggle = (key) =>
    setSort((s) => ({ key, dir: s.key === key && s.dir === "asc" ? "desc" : "asc" }));
  const order = (rows, valueOf) =>
    [...rows].sort((a, b) => {
      const x = valueOf(a, sort.key);
      const y = valueOf(b, sort.key);
      const c = x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return sort.dir === "asc" ? c : -c;
    });
  return { sort, toggle, order };
}

export function SortHeader({ sorter, k, children, num }) {
  const active = sorter.sort.key === k;
  const aria = active ? (sorter.sort.dir === "asc" ? "ascending" : "descending") : "none";
  return html`<th scope="col" aria-sort=${aria} class=${num ? "num" : ""}>
    <button type="button" class="sort" onClick=${() => sorter.toggle(k)}>
      ${children}<span aria-hidden="true">${active ? (sorter.sort.dir === "asc" ? " ▲" : " ▼") : ""}</span>
    </button>
  </th>`;
}
