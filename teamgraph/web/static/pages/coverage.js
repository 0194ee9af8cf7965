// Account coverage: the relationship web at the server's positions, coloured by risk flags,
// and beside it sole threads, key people, bus factor and stale relationships. A person: what
// their leaving would cost (from the coverage's key people); a contact: the ways in to them.
import { useMemo, useState } from "preact/hooks";
import { run } from "../api.js";
import { Badge, fmt, html, Loading, Problem, useLoad, words } from "../ui.js";
import { CoverageGraph, Legend, normalise } from "./graph.js";
import { knownLarge, LARGE } from "./sizes.js";

async function load(id) {
  const large = knownLarge(id);
  const [full, compact] = await Promise.all([
    run("review-coverage", "AccountCoverage", { account: id, graph: !large }),
    large ? run("review-coverage", "CoverageGraphColumns", { account: id }) : null,
  ]);
  if (!full.account) return null;
  const graph = normalise(large ? compact.account.coverage.graph : full.account.coverage.graph);
  return { account: full.account, coverage: full.account.coverage, graph, large };
}

function WhatIfTheyLeave({ person, keyPeople }) {
  const key = keyPeople.find((k) => k.person?.id === person.id);
  return html`<section class="panel" aria-labelledby="whatif-title" aria-live="polite">
    <h2 id="whatif-title">What if ${person.label} leaves</h2>
    ${key
      ? html`<p><strong>${key.contactsLost.length}</strong> contact${key.contactsLost.length === 1 ? "" : "s"} would
          have no thread left, <strong>${key.decisionMakersLost}</strong> of them decision makers
          (influence lost ${key.influenceLost}):</p>
          <ul>${key.contactsLost.map((c) => html`<li key=${c.id}>${c.name}</li>`)}</ul>`
      : html`<p>No contact hangs on ${person.label} alone: coverage would hold.</p>`}
  </section>`;
}

function WaysIn({ contact, people, defaultFrom }) {
  const [from, setFrom] = useState(defaultFrom ?? people[0]?.id);
  const [state] = useLoad(
    () => run("review-coverage", "IntroductionPaths", { contact: contact.id, from, first: 3 }),
    [contact.id, from],
  );
  return html`<section class="panel" aria-labelledby="paths-title" aria-live="polite">
    <h2 id="paths-title">Ways in to ${contact.label}</h2>
    <label>From <select value=${from} onChange=${(e) => setFrom(e.target.value)}>
      ${people.map((p) => html`<option value=${p.id}>${p.label}</option>`)}
    </select></label>
    ${state.error ? html`<${Problem} error=${state.error} />`
      : !state.data ? html`<${Loading} what="the paths" />`
      : state.data.introductionPaths.length === 0 ? html`<p>No path from there.</p>`
      : html`<ol class="paths">${state.data.introductionPaths.map((p, i) => html`<li key=${i}>
          <span class="muted">score ${fmt(p.score, 2)}${p.knownByOwnTeam ? " · own team" : ""}</span>
          <div>${p.steps.map((s, j) => html`${j ? html` <span aria-hidden="true">→</span> ` : ""}<span>${s.node.label}</span>`)}</div>
        </li>`)}</ol>`}
  </section>`;
}

export function CoveragePage({ id }) {
  const [state] = useLoad(() => load(id), [id]);
  const [picked, setPicked] = useState(null);
  const nodes = useMemo(() => new Map((state.data?.graph.nodes ?? []).map((n) => [n.id, n])), [state.data]);
  if (state.error) return html`<h1>Account coverage</h1><${Problem} error=${state.error} />`;
  if (state.loading && !state.data) return html`<h1>Account coverage</h1><${Loading} what="the coverage" />`;
  if (!state.data) return html`<h1>Account coverage</h1><p>No such account.</p>`;
  const { account, coverage, graph, large } = state.data;
  const b = coverage.breadth;
  const people = graph.nodes.filter((n) => n.kind === "PERSON").sort((x, y) => x.label.localeCompare(y.label));
  const contacts = graph.nodes.filter((n) => n.kind === "CONTACT").sort((x, y) => x.label.localeCompare(y.label));
  const pick = (nodeId) => setPicked(nodes.get(nodeId) ?? null);
  return html`<h1>${account.name} <span class="muted">coverage as of ${coverage.asOf}</span></h1>
    <p class="figures">
      <${Badge} tone=${b.index >= 60 ? "good" : b.index >= 35 ? "warn" : "bad"} label=${`breadth index ${fmt(b.index)}`}>breadth ${fmt(b.index)}</${Badge}>
      <span>${b.covered}/${b.contacts} contacts covered</span>
      <span>${b.decisionMakersCovered}/${b.decisionMakers} decision makers</span>
      <span>${b.multiThreaded} multi-threaded</span>
      <span>${b.departmentsReached}/${b.departments} departments</span>
      ${account.kam && html`<span>KAM ${account.kam.name}</span>`}
      ${account.plans.map((p) => html`<a href=${`/app/plans/${p.id}`}>${p.name}</a>`)}
    </p>
    <div class="coverage">
      <div class="drawing">
        <${CoverageGraph} graph=${graph} selected=${picked?.id} large=${large || graph.nodes.length >= LARGE} onPick=${pick} />
        <${Legend} />
        <div class="pickers">
          <label>What if this person leaves <select onChange=${(e) => pick(e.target.value)}
            value=${picked?.kind === "PERSON" ? picked.id : ""}>
            <option value="">choose one of our people</option>
            ${people.map((p) => html`<option value=${p.id}>${p.label}</option>`)}
          </select></label>
          <label>Ways in to a contact <select onChange=${(e) => pick(e.target.value)}
            value=${picked?.kind === "CONTACT" ? picked.id : ""}>
            <option value="">choose a contact</option>
            ${contacts.map((c) => html`<option value=${c.id}>${c.label}</option>`)}
          </select></label>
        </div>
      </div>
      <aside class="side" aria-label="Risks">
        ${picked?.kind === "PERSON" && html`<${WhatIfTheyLeave} person=${picked} keyPeople=${coverage.keyPeople} />`}
        ${picked?.kind === "CONTACT" && html`<${WaysIn} key=${picked.id} contact=${picked} people=${people}
          defaultFrom=${account.kam?.id && nodes.has(account.kam.id) ? account.kam.id : people[0]?.id} />`}
        <section class="panel"><h2>Bus factor</h2>
          <p><${Badge} tone=${(coverage.busFactor.size ?? 0) <= 1 ? "bad" : coverage.busFactor.size === 2 ? "warn" : "good"}
            label=${`bus factor ${coverage.busFactor.size ?? "none"}`}>${coverage.busFactor.size ?? "—"}</${Badge}>
          ${coverage.busFactor.decisionMaker && html` weakest decision maker: ${coverage.busFactor.decisionMaker.name}`}
          ${coverage.busFactor.people.length > 0 && html`, held by ${coverage.busFactor.people.map((p) => p.name).join(", ")}`}</p>
        </section>
        <section class="panel"><h2>Sole threads <span class="muted">(${coverage.soleThreads.length})</span></h2>
          ${coverage.soleThreads.length === 0 ? html`<p>None.</p>` : html`<ul class="plain">
            ${coverage.soleThreads.map((s) => html`<li key=${s.contact?.id}>
              <button type="button" class="link" onClick=${() => pick(s.contact?.id)}>${s.contact?.name}</button> <span class="muted">${words(s.buyingRole)}, influence ${s.influence}</span> — only <button type="button" class="link" onClick=${() => pick(s.person?.id)}>${s.person?.name}</button></li>`)}
          </ul>`}
        </section>
        <section class="panel"><h2>Key people</h2>
          ${coverage.keyPeople.length === 0 ? html`<p>None.</p>` : html`<ul class="plain">
            ${coverage.keyPeople.map((k) => html`<li key=${k.person?.id}>
              <button type="button" class="link" onClick=${() => pick(k.person?.id)}>${k.person?.name}</button> <span class="muted">${k.contactsLost.length} contacts, ${k.decisionMakersLost} decision makers would be lost</span></li>`)}
          </ul>`}
        </section>
        <section class="panel"><h2>Stale relationships <span class="muted">(${coverage.stale.length})</span></h2>
          ${coverage.stale.length === 0 ? html`<p>None.</p>` : html`<ul class="plain">
            ${coverage.stale.map((s, i) => html`<li key=${i}>${s.person?.name} — ${s.contact?.name} <span class="muted">${words(s.buyingRole)}, ${s.daysSince ?? "never"} days</span></li>`)}
          </ul>`}
        </section>
      </aside>
    </div>`;
}
