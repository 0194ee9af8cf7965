// A proposal against the current team: additions and removals highlighted, the objective term
// by term, coverage before -> after, "why not" for any person on a task; accept (asking first
// when it takes anyone off a task) or discard.
import { useEffect, useRef, useState } from "preact/hooks";
import { outcome, run } from "../api.js";
import { fmt, FormError, html, Problem, useLoad, words } from "../ui.js";

const FIGURES = [
  ["breadthIndex", "Breadth index", 1, true],
  ["covered", "Contacts covered", 0, true],
  ["multiThreaded", "Multi-threaded contacts", 0, true],
  ["decisionMakersCovered", "Decision makers covered", 0, true],
  ["soleThreaded", "Sole-threaded contacts", 0, false],
  ["busFactor", "Bus factor", 0, true],
];

function Moves({ title, moves, tone }) {
  return html`<section class=${`moves ${tone}`} aria-labelledby=${`moves-${tone}`}>
    <h3 id=${`moves-${tone}`}>${title} <span class="muted">(${moves.length})</span></h3>
    ${moves.length === 0 ? html`<p class="muted">None.</p>` : html`<ul class="plain">
      ${moves.map((m, i) => html`<li key=${i} class=${tone}><span class="sign" aria-hidden="true">${tone === "added" ? "+" : "−"}</span>
        <strong>${m.person?.name}</strong> ${tone === "added" ? "on" : "off"} ${m.task?.title} <span class="muted">${words(m.role)}</span></li>`)}
    </ul>`}
  </section>`;
}

function Coverage({ before, after }) {
  if (!before || !after) return null;
  return html`<section aria-labelledby="cov-change"><h3 id="cov-change">Coverage before → after</h3>
    <table class="compact"><thead><tr><th scope="col">Figure</th><th scope="col" class="num">Before</th>
      <th scope="col" class="num">After</th></tr></thead>
    <tbody>${FIGURES.map(([key, label, digits, upIsGood]) => {
      const [x, y] = [before[key], after[key]];
      const better = x !== y && x !== null && y !== null && (y > x) === upIsGood;
      const tone = x === y ? "" : better ? "good-text" : "bad-text";
      return html`<tr key=${key}><th scope="row">${label}</th><td class="num">${fmt(x, digits)}</td>
        <td class=${`num ${tone}`}>${fmt(y, digits)}${x !== y ? html` <span aria-hidden="true">${better ? "▲" : "▼"}</span>` : ""}</td></tr>`;
    })}</tbody></table>
  </section>`;
}

function Terms({ terms, objective }) {
  const biggest = Math.max(1e-9, ...terms.map((t) => Math.abs(t.points)));
  return html`<section aria-labelledby="terms"><h3 id="terms">Objective ${fmt(objective, 1)}, term by term</h3>
    <table class="compact terms"><tbody>${terms.map((t) => html`<tr key=${t.term}>
      <th scope="row">${words(t.term)}</th><td class="num">${fmt(t.points, 1)}</td>
      <td class="bar-cell"><span class=${`bar ${t.points < 0 ? "neg" : ""}`} style=${`width:${(100 * Math.abs(t.points)) / biggest}%`}></span></td>
    </tr>`)}</tbody></table>
  </section>`;
}

function WhyNot({ proposal, tasks }) {
  const [people] = useLoad(() => run("browse-people", "BrowsePeople", { first: 100 }), []);
  const [person, setPerson] = useState("");
  const [task, setTask] = useState(tasks[0]?.id ?? "");
  const [answer, setAnswer] = useState(null);
  const [busy, setBusy] = useState(false);
  const ask = async (event) => {
    event.preventDefault();
    setBusy(true);
    setAnswer(null);
    try {
      const data = await run("staff-a-plan", "WhyNot", { person, task, proposal: proposal.id, timeLimit: 3 });
      setAnswer({ data: data.whyNot });
    } catch (e) {
      setAnswer({ error: e });
    } finally {
      setBusy(false);
    }
  };
  const w = answer?.data;
  return html`<section aria-labelledby="whynot"><h3 id="whynot">Why not…?</h3>
    <form class="inline" onSubmit=${ask}>
      <label>Person <select required value=${person} onChange=${(e) => setPerson(e.target.value)}>
        <option value="">choose</option>
        ${(people.data?.people.edges ?? []).map(({ node }) => html`<option value=${node.id}>${node.name}</option>`)}
      </select></label>
      <label>Task <select required value=${task} onChange=${(e) => setTask(e.target.value)}>
        ${tasks.map((t) => html`<option value=${t.id}>${t.title}</option>`)}
      </select></label>
      <button type="submit" disabled=${busy || !person}>Ask</button>
      ${busy && html`<span class="progress" role="status"><span class="spinner" aria-hidden="true"></span> Solving with them in…</span>`}
    </form>
    ${answer?.error && html`<${Problem} error=${answer.error} />`}
    ${w && html`<div class="whynot-answer" role="status">
      <p>${w.explanation}</p>
      ${w.blockedBy.length > 0 && html`<ul>${w.blockedBy.map((b) => html`<li>${b}</li>`)}</ul>`}
      ${w.cost !== null && html`<p>Forcing them in costs <strong>${fmt(w.cost, 1)}</strong> points (${fmt(w.objective, 1)} → ${fmt(w.objectiveWith, 1)}).</p>`}
      ${w.termChanges.length > 0 && html`<ul class="plain">${w.termChanges.map((t) => html`<li>${words(t.term)}: ${fmt(t.points, 1)}</li>`)}</ul>`}
    </div>`}
  </section>`;
}

function ConfirmRemovals({ removals, onConfirm, onCancel }) {
  const dialog = useRef(null);
  useEffect(() => {
    dialog.current.showModal();
  }, []);
  return html`<dialog ref=${dialog} aria-labelledby="confirm-title" onCancel=${onCancel} class="confirm">
    <h2 id="confirm-title">Take ${removals.length} ${removals.length === 1 ? "person" : "people"} off their tasks?</h2>
    <p>Accepting this proposal removes:</p>
    <ul>${removals.map((r, i) => html`<li key=${i}><strong>${r.person?.name}</strong> from ${r.task?.title}</li>`)}</ul>
    <div class="buttons">
      <button type="button" class="danger" onClick=${onConfirm}>Remove them and accept</button>
      <button type="button" onClick=${onCancel} autofocus>Cancel</button>
    </div>
  </dialog>`;
}

export function Proposal({ proposal, staffing, onDone }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), []);
  const send = async (file, name, variables, field, message) => {
    setBusy(true);
    setError(null);
    try {
      const result = outcome((await run(file, name, variables))[field]);
      if (result.ok) onDone(message);
      else setError(result.error);
    } catch (e) {
      setError({ message: e.message });
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  const accept = (confirmRemovals) =>
    send("staff-a-plan", "AcceptProposal", { proposal: proposal.id, confirmRemovals }, "acceptProposal",
      "Proposal accepted: the team below is the plan's team now.");
  const discard = () =>
    send("staff-a-plan", "DiscardProposal", { proposal: proposal.id }, "discardProposal", "Proposal discarded.");
  const tasks = staffing.tasks.edges.map((e) => e.node);
  return html`<section class="proposal" aria-labelledby="proposal-title">
    <h2 id="proposal-title" tabindex="-1" ref=${heading}>Proposal <span class="muted">${words(proposal.status)},
      solver ${words(proposal.solverStatus)}</span></h2>
    ${proposal.infeasibleReasons?.length > 0 && html`<div class="problem" role="alert"><p>No team keeps every rule:</p>
      <ul>${proposal.infeasibleReasons.map((r) => html`<li>${r}</li>`)}</ul></div>`}
    <div class="moves-pair">
      <${Moves} title="Added to the team" moves=${proposal.additions} tone="added" />
      <${Moves} title="Taken off a task" moves=${proposal.removals} tone="removed" />
    </div>
    <div class="two">
      <${Terms} terms=${proposal.objectiveTerms} objective=${proposal.objective} />
      <${Coverage} before=${proposal.coverageBefore} after=${proposal.coverageAfter} />
    </div>
    <section aria-labelledby="who"><h3 id="who">Who goes where, and why</h3>
      <table class="cards"><thead><tr><th scope="col">Task</th><th scope="col">Person</th>
        <th scope="col" class="num">Utility</th><th scope="col">Why</th></tr></thead>
      <tbody>${proposal.assignments.map((a, i) => html`<tr key=${i}>
        <td data-label="Task">${a.task?.title}</td><th scope="row" data-label="Person">${a.person?.name}</th>
        <td class="num" data-label="Utility">${fmt(a.utility, 1)}</td>
        <td data-label="Why">${a.why.map((w) => html`<span class="chip">${words(w.term)} ${fmt(w.points, 1)}</span> `)}</td>
      </tr>`)}</tbody></table>
      ${proposal.unfilled.length > 0 && html`<p class="bad-text">Short: ${proposal.unfilled.map((u) => `${u.task?.title} (${u.missing} missing: ${u.reasons.join("; ")})`).join(", ")}</p>`}
    </section>
    <${WhyNot} proposal=${proposal} tasks=${tasks} />
    ${proposal.status === "OPEN" && html`<div class="buttons actions">
      <button type="button" class="primary" disabled=${busy}
        onClick=${() => (proposal.removals.length ? setAsking(true) : accept(false))}>Accept</button>
      <button type="button" disabled=${busy} onClick=${discard}>Discard</button>
    </div>`}
    <${FormError} error=${error} />
    ${asking && html`<${ConfirmRemovals} removals=${proposal.removals} onConfirm=${() => accept(true)}
      onCancel=${() => setAsking(false)} />`}
  </section>`;
}
