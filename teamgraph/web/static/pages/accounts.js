// Accounts: each with its breadth index, sole-threaded decision makers and bus factor as
// badges; sorted by any column, filtered by name, industry, KAM or tier.
import { useState } from "preact/hooks";
import { run } from "../api.js";
import { Badge, fmt, html, Loading, Problem, SortHeader, useLoad, useSort, words } from "../ui.js";
import { rememberSizes } from "./sizes.js";

const DECISION_ROLES = ["DECISION_MAKER", "ECONOMIC_BUYER"];

function row(node) {
  const c = node.coverage;
  const soleDecision = c.soleThreads.filter((s) => DECISION_ROLES.includes(s.buyingRole));
  return {
    ...node,
    breadth: c.breadth.index,
    contacts: c.breadth.contacts,
    soleDecision,
    busFactor: c.busFactor.size,
    stale: c.stale.length,
    kamName: node.kam?.name ?? "",
  };
}

const breadthTone = (index) => (index >= 60 ? "good" : index >= 35 ? "warn" : "bad");
const busTone = (size) => (size === null ? "bad" : size <= 1 ? "bad" : size === 2 ? "warn" : "good");

export function AccountsPage() {
  const [state] = useLoad(async () => {
    const data = await run("review-coverage", "AccountsAtAGlance", { first: 100 });
    const rows = data.accounts.edges.map((e) => row(e.node));
    rememberSizes(rows);
    return rows;
  }, []);
  const [search, setSearch] = useState("");
  const [tier, setTier] = useState("");
  const sorter = useSort("breadth", "asc");
  if (state.error) return html`<h1>Accounts</h1><${Problem} error=${state.error} />`;
  if (!state.data) return html`<h1>Accounts</h1><${Loading} what="the accounts" />`;
  const needle = search.trim().toLowerCase();
  const shown = sorter.order(
    state.data.filter(
      (a) =>
        (!tier || a.tier === tier) &&
        (!needle || [a.name, a.industry, a.kamName].some((v) => v.toLowerCase().includes(needle))),
    ),
    (a, key) => (key === "soleDecision" ? a.soleDecision.length : key === "name" ? a.name.toLowerCase() : a[key]),
  );
  return html`<h1>Accounts</h1>
    <form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
      <label>Filter <input type="search" value=${search} placeholder="name, industry or KAM"
        onInput=${(e) => setSearch(e.target.value)} /></label>
      <label>Tier <select value=${tier} onChange=${(e) => setTier(e.target.value)}>
        <option value="">all</option>
        ${["STRATEGIC", "KEY", "DEVELOPMENT"].map((t) => html`<option value=${t}>${words(t)}</option>`)}
      </select></label>
      <span class="count" role="status">${shown.length} of ${state.data.length}</span>
    </form>
    <table class="accounts cards">
      <caption class="sr-only">Accounts with their breadth index, sole-threaded decision makers and bus factor</caption>
      <thead><tr>
        <${SortHeader} sorter=${sorter} k="name">Account</${SortHeader}>
        <${SortHeader} sorter=${sorter} k="tier">Tier</${SortHeader}>
        <${SortHeader} sorter=${sorter} k="kamName">KAM</${SortHeader}>
        <${SortHeader} sorter=${sorter} k="breadth" num>Breadth</${SortHeader}>
        <${SortHeader} sorter=${sorter} k="soleDecision" num>Sole-threaded decision makers</${SortHeader}>
        <${SortHeader} sorter=${sorter} k="busFactor" num>Bus factor</${SortHeader}>
        <${SortHeader} sorter=${sorter} k="stale" num>Stale</${SortHeader}>
        <th scope="col">Plans</th>
      </tr></thead>
      <tbody>
        ${shown.map(
          (a) => html`<tr key=${a.id}>
            <th scope="row" data-label="Account"><a href=${`/app/accounts/${a.id}`}>${a.name}</a>
              <div class="muted">${a.industry} · ${a.contacts} contacts</div></th>
            <td data-label="Tier">${words(a.tier)}</td>
            <td data-label="KAM">${a.kamName || "—"}</td>
            <td data-label="Breadth" class="num"><${Badge} tone=${breadthTone(a.breadth)}
              label=${`breadth index ${fmt(a.breadth)} of 100`}>${fmt(a.breadth)}</${Badge}></td>
            <td data-label="Sole-threaded decision makers" class="num"><${Badge}
              tone=${a.soleDecision.length ? "bad" : "good"}
              label=${`${a.soleDecision.length} sole-threaded decision makers`}
              title=${a.soleDecision.map((s) => `${s.contact?.name} (only ${s.person?.name})`).join(", ")}
              >${a.soleDecision.length}</${Badge}></td>
            <td data-label="Bus factor" class="num"><${Badge} tone=${busTone(a.busFactor)}
              label=${`bus factor ${a.busFactor ?? "none"}`}>${a.busFactor ?? "—"}</${Badge}></td>
            <td data-label="Stale" class="num">${a.stale}</td>
            <td data-label="Plans">${a.plans.length
              ? html`<ul class="plain">${a.plans.map(
                  (p) => html`<li><a href=${`/app/plans/${p.id}`}>${p.name}</a> <span class="muted">${words(p.status)}</span></li>`,
                )}</ul>`
              : html`<span class="muted">none</span>`}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
}
