// A plan: objectives with their readings, tasks with status, owner and due date (who has the
// ball), the current team; assemble a team and review the proposal (proposal.js).
import { useEffect, useState } from "preact/hooks";
import { follow, outcome, run } from "../api.js";
import { FormError, html, Loading, Problem, useLoad, words } from "../ui.js";
import { Proposal } from "./proposal.js";

async function load(id) {
  const [overview, staffing] = await Promise.all([
    run("plan-and-accounts", "PlanOverview", { id, first: 100 }),
    run("staff-a-plan", "PlanToStaff", { plan: id }),
  ]);
  return overview.plan && { plan: overview.plan, staffing: staffing.plan };
}

function Objectives({ plan }) {
  const readings = (objective) =>
    plan.reviews.flatMap((r) =>
      r.readings.filter((x) => x.objective?.id === objective.id).map((x) => ({ heldOn: r.heldOn, value: x.value })),
    );
  return html`<section aria-labelledby="objectives"><h2 id="objectives">Objectives</h2>
    ${plan.objectives.length === 0 ? html`<p>None yet.</p>` : html`<table class="cards">
      <thead><tr><th scope="col">Objective</th><th scope="col" class="num">Baseline</th>
        <th scope="col" class="num">Current</th><th scope="col" class="num">Target</th><th scope="col">Readings</th></tr></thead>
      <tbody>${plan.objectives.map((o) => html`<tr key=${o.id}>
        <th scope="row" data-label="Objective">${o.title} <span class="muted">${o.metric}</span></th>
        <td class="num" data-label="Baseline">${o.baseline ?? "—"}</td>
        <td class="num" data-label="Current">${o.current ?? "—"}</td>
        <td class="num" data-label="Target">${o.target ?? "—"}</td>
        <td data-label="Readings">${readings(o).map((r) => html`<span class="reading">${r.heldOn}: ${r.value}</span> `)}</td>
      </tr>`)}</tbody></table>`}
  </section>`;
}

function Tasks({ plan }) {
  const ball = new Map();
  for (const holder of plan.whoHasTheBall.holders)
    for (const t of holder.tasks) ball.set(t.task.id, { ...t, holder: holder.person });
  for (const t of plan.whoHasTheBall.unassigned) ball.set(t.task.id, { ...t, holder: null });
  return html`<section aria-labelledby="tasks"><h2 id="tasks">Tasks <span class="muted">who has the ball as of ${plan.whoHasTheBall.asOf}</span></h2>
    <table class="cards tasks">
      <thead><tr><th scope="col">Task</th><th scope="col">Status</th><th scope="col">Owner</th>
        <th scope="col">Due</th><th scope="col">People</th></tr></thead>
      <tbody>${plan.tasks.edges.map(({ node: t }) => {
        const b = ball.get(t.id);
        const lead = t.assignments.find((a) => a.role === "LEAD") ?? t.assignments[0];
        return html`<tr key=${t.id} class=${b?.overdue ? "overdue" : ""}>
          <th scope="row" data-label="Task">${t.title} <span class="muted">${words(t.kind)}, ${t.effortHours} h</span></th>
          <td data-label="Status">${words(t.status)}</td>
          <td data-label="Owner">${lead?.person?.name ?? html`<span class="muted">nobody</span>`}</td>
          <td data-label="Due">${t.due ?? "—"}${b?.overdue ? html` <strong class="bad-text">${b.daysOverdue} days overdue</strong>` : ""}</td>
          <td data-label="People">${t.assignments.map((a) => html`<span class="chip">${a.person?.name} <span class="muted">${words(a.role)}${a.pinned ? ", pinned" : ""}</span></span> `)}</td>
        </tr>`;
      })}</tbody>
    </table>
  </section>`;
}

function Team({ plan }) {
  return html`<section aria-labelledby="team"><h2 id="team">Current team</h2>
    ${plan.team.length === 0 ? html`<p>Nobody yet.</p>` : html`<ul class="plain team">
      ${plan.team.map((m) => html`<li key=${m.person?.id}><strong>${m.person?.name}</strong> <span class="muted">${m.roles.map(words).join(", ")}</span> — ${m.tasks.map((t) => t.title).join(", ")}</li>`)}
    </ul>`}
  </section>`;
}

/** What the solver has found so far, as the subscription pushes it. */
function SolveProgress({ job, timeLimit }) {
  const p = job.progress;
  const seconds = Math.floor(p.elapsedSeconds ?? 0);
  const status = job.status === "QUEUED" ? "Queued…" : `Solving… ${seconds} s of at most ${timeLimit} s`;
  return html`<span class="progress" role="progressbar" aria-label="Solving" aria-valuemin="0"
      aria-valuemax=${timeLimit} aria-valuenow=${Math.min(seconds, timeLimit)} data-status=${job.status}
      data-solutions=${p.solutionsFound}>
    <span class="spinner" aria-hidden="true"></span> ${status}
    ${p.solutionsFound > 0 && html` <span class="muted">${p.solutionsFound} better team${p.solutionsFound === 1 ? "" : "s"} found,
      best ${p.bestObjective?.toFixed(1)}${p.gap != null ? `, within ${(p.gap * 100).toFixed(2)}% of the bound` : ""}</span>`}
  </span>`;
}

function Assemble({ planId, staffing, onProposal }) {
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);
  const [timeLimit, setTimeLimit] = useState(5);
  const busy = job !== null && (job.status === "QUEUED" || job.status === "RUNNING");
  useEffect(() => {
    if (!job?.id || !busy) return undefined;
    // Follow the job: progress as CP-SAT finds better teams, then its proposal.
    return follow("follow-a-solve", "FollowSolveJob", { job: job.id }, (data) => {
      const now = data.solveJob;
      if (!now) return;
      setJob(now);
      if (now.status === "SUCCEEDED" && now.proposal)
        run("staff-a-plan", "ProposalToReview", { id: now.proposal.id }).then((d) => onProposal(d.node), (e) => setError({ message: e.message }));
      else if (now.status === "FAILED") setError({ message: now.error || "the solve failed" });
      else if (now.status === "CANCELLED") setError({ message: "The solve was cancelled." });
    }, (e) => e && setError({ message: e.message }));
  }, [job?.id, busy]);
  const assemble = async (event) => {
    event.preventDefault();
    setError(null);
    setJob(null);
    try {
      const data = await run("follow-a-solve", "StartAssembly", { plan: planId, timeLimit: Number(timeLimit) });
      const result = outcome(data.assembleTeam);
      if (result.ok) setJob(result.job);
      else setError(result.error);
    } catch (e) {
      setError({ message: e.message });
    }
  };
  const cancel = () => run("follow-a-solve", "CancelSolveJob", { job: job.id }).catch((e) => setError({ message: e.message }));
  const open = staffing.proposals.filter((p) => p.status === "OPEN");
  return html`<section aria-labelledby="assemble"><h2 id="assemble">Staff the open tasks</h2>
    <form class="inline" onSubmit=${assemble}>
      <label>Time limit (seconds) <input type="number" min="1" max="60" step="1" value=${timeLimit}
        onInput=${(e) => setTimeLimit(e.target.value)} aria-invalid=${error?.field === "timeLimit"} /></label>
      ${error?.field === "timeLimit" && html`<span class="field-error" role="alert">${error.message}</span>`}
      <button type="submit" disabled=${busy}>Assemble a team</button>
      ${busy && html`<${SolveProgress} job=${job} timeLimit=${timeLimit} />
        <button type="button" onClick=${cancel}>Cancel</button>`}
    </form>
    <${FormError} error=${error} fields=${["timeLimit"]} />
    ${open.length > 0 && html`<p>Open proposals: ${open.map((p) => html`<button type="button" class="link"
      onClick=${() => run("staff-a-plan", "ProposalToReview", { id: p.id }).then((d) => onProposal(d.node))}>
      ${p.createdAt.slice(0, 16).replace("T", " ")} (objective ${p.objective})</button> `)}</p>`}
  </section>`;
}

export function PlanPage({ id }) {
  const [state, reload] = useLoad(() => load(id), [id]);
  const [proposal, setProposal] = useState(null);
  const [notice, setNotice] = useState(null);
  if (state.error) return html`<h1>Plan</h1><${Problem} error=${state.error} />`;
  if (!state.data && state.loading) return html`<h1>Plan</h1><${Loading} what="the plan" />`;
  if (!state.data) return html`<h1>Plan</h1><p>No such plan.</p>`;
  const { plan, staffing } = state.data;
  const done = (message) => {
    setProposal(null);
    setNotice(message);
    reload();
  };
  return html`<h1>${plan.name} <span class="muted">${words(plan.status)}, ${plan.periodStart} to ${plan.periodEnd}</span></h1>
    <p>${plan.account && html`<a href=${`/app/accounts/${plan.account.id}`}>${plan.account.name} coverage</a>`}</p>
    ${notice && html`<p class="notice" role="status">${notice}</p>`}
    <div class="plan">
      <div>
        <${Objectives} plan=${plan} />
        <${Tasks} plan=${plan} />
      </div>
      <div>
        <${Team} plan=${plan} />
        <${Assemble} planId=${plan.id} staffing=${staffing} onProposal=${(p) => { setNotice(null); setProposal(p); }} />
      </div>
    </div>
    ${proposal && html`<${Proposal} key=${proposal.id} proposal=${proposal} staffing=${staffing} onDone=${done} />`}`;
}
