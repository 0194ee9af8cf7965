// HR: the catalogue (search by name or alias, the tree), merge and retire with the impact
// first, the skills matrix import checked before it is committed, people with skills and load.
import { useEffect, useState } from "preact/hooks";
import { outcome, run } from "../api.js";
import { fmt, FieldError, FormError, html, Loading, Problem, useLoad, words } from "../ui.js";

const SECTIONS = [
  ["catalogue", "Catalogue"],
  ["tree", "Tree"],
  ["merge", "Merge"],
  ["import", "Import a skills matrix"],
  ["people", "People"],
];

function useSkillSearch(search, includeRetired = false) {
  return useLoad(
    () => run("maintain-catalogue", "SearchSkills", { search: search || null, includeRetired, first: 50 }),
    [search, includeRetired],
  );
}

function Impact({ skill, onDone }) {
  const [state] = useLoad(() => run("maintain-catalogue", "SkillRetirementImpact", { skill: skill.id }), [skill.id]);
  const [replacement, setReplacement] = useState("");
  const [options] = useSkillSearch(replacement.length >= 2 ? replacement : "");
  const [error, setError] = useState(null);
  const retire = async (event) => {
    event.preventDefault();
    const chosen = (options.data?.skills.edges ?? []).find((e) => e.node.name === replacement);
    if (replacement && !chosen) {
      setError({ field: "replacedById", message: `no active skill is named ${replacement}` });
      return;
    }
    const data = await run("maintain-catalogue", "RetireSkill", {
      input: { skillId: skill.id, replacedById: chosen?.node.id ?? null },
    });
    const result = outcome(data.retireSkill);
    if (result.ok) onDone(`${skill.name} retired${chosen ? `, replaced by ${chosen.node.name}` : ""}.`);
    else setError(result.error);
  };
  if (state.error) return html`<${Problem} error=${state.error} />`;
  if (!state.data) return html`<${Loading} what="the impact" />`;
  const impact = state.data.skillRetirementImpact;
  return html`<form class="panel" onSubmit=${retire} aria-labelledby="retire-title">
    <h3 id="retire-title">Retire ${skill.name}</h3>
    <p>${impact.skill.holderCount} people hold it. ${impact.openNeeds.length} open task needs, in
      ${impact.plans.length} plans: ${impact.plans.map((p) => `${p.name} (${p.account?.name})`).join(", ") || "none"}.</p>
    ${impact.openNeeds.length > 0 && html`<ul>${impact.openNeeds.map((n, i) => html`<li key=${i}>${n.task?.title} <span class="muted">${n.plan?.name}, level ${n.level}${n.mandatory ? ", mandatory" : ""}</span></li>`)}</ul>`}
    ${impact.needsReplacement && html`<p class="bad-text">An open task needs it as mandatory: name a replacement.</p>`}
    <label for="replacement">Replacement ${impact.needsReplacement ? "(required)" : "(optional)"}</label>
    <input id="replacement" list="replacement-options" value=${replacement} required=${impact.needsReplacement}
      onInput=${(e) => setReplacement(e.target.value)} aria-invalid=${error?.field === "replacedById"}
      aria-describedby="replacement-error" />
    <datalist id="replacement-options">${(options.data?.skills.edges ?? []).filter((e) => e.node.id !== skill.id)
      .map((e) => html`<option value=${e.node.name} />`)}</datalist>
    <${FieldError} error=${error} field="replacedById" id="replacement-error" />
    <${FormError} error=${error} fields=${["replacedById"]} />
    <div class="buttons"><button type="submit" class="danger">Retire</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

function Catalogue() {
  const [search, setSearch] = useState("");
  const [retired, setRetired] = useState(false);
  const [state, reload] = useSkillSearch(search, retired);
  const [retiring, setRetiring] = useState(null);
  const [notice, setNotice] = useState(null);
  const restore = async (skill) => {
    const result = outcome((await run("maintain-catalogue", "RestoreSkill", { input: { skillId: skill.id } })).restoreSkill);
    setNotice(result.ok ? `${skill.name} is in use again.` : result.error.message);
    reload();
  };
  return html`<form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
      <label>Search skills <input type="search" value=${search} placeholder="name or alias, e.g. k8s"
        onInput=${(e) => setSearch(e.target.value)} /></label>
      <label><input type="checkbox" checked=${retired} onChange=${(e) => setRetired(e.target.checked)} /> retired too</label>
    </form>
    ${notice && html`<p class="notice" role="status">${notice}</p>`}
    ${retiring && html`<${Impact} skill=${retiring} onDone=${(message) => { setRetiring(null); setNotice(message); reload(); }} />`}
    ${state.error ? html`<${Problem} error=${state.error} />` : !state.data ? html`<${Loading} what="skills" />` : html`
      <p class="count" role="status">${state.data.skills.edges.length < state.data.skills.totalCount
        ? `the first ${state.data.skills.edges.length} of ${state.data.skills.totalCount} skills: search to narrow`
        : `${state.data.skills.totalCount} skills`}</p>
      <table class="cards"><thead><tr><th scope="col">Skill</th><th scope="col">Category</th>
        <th scope="col">Aliases</th><th scope="col" class="num">Holders</th><th scope="col">Action</th></tr></thead>
      <tbody>${state.data.skills.edges.map(({ node: s }) => html`<tr key=${s.id}>
        <th scope="row" data-label="Skill">${s.name}${s.parent && html` <span class="muted">in ${s.parent.name}</span>`}
          ${!s.active && html` <span class="badge neutral">retired${s.replacedBy ? ` → ${s.replacedBy.name}` : ""}</span>`}</th>
        <td data-label="Category">${s.category}</td><td data-label="Aliases">${s.aliases.join(", ")}</td>
        <td class="num" data-label="Holders">${s.holderCount}</td>
        <td data-label="Action">${s.active
          ? html`<button type="button" onClick=${() => setRetiring(s)}>Retire…</button>`
          : html`<button type="button" onClick=${() => restore(s)}>Restore</button>`}</td>
      </tr>`)}</tbody></table>`}`;
}

function Branch({ skill }) {
  const label = html`${skill.name} <span class="muted">${skill.holderCount} holders</span>`;
  if (!skill.children?.length) return html`<li>${label}</li>`;
  return html`<li><details><summary>${label}</summary>
    <ul>${skill.children.map((c) => html`<${Branch} key=${c.id} skill=${c} />`)}</ul></details></li>`;
}

function Tree() {
  const [state] = useLoad(() => run("maintain-catalogue", "SkillTree"), []);
  if (state.error) return html`<${Problem} error=${state.error} />`;
  if (!state.data) return html`<${Loading} what="the taxonomy" />`;
  return html`<ul class="tree">${state.data.skillTree.map((s) => html`<${Branch} key=${s.id} skill=${s} />`)}</ul>`;
}

function SkillPicker({ id, label, value, onChange, error, field }) {
  const [state] = useSkillSearch(value.length >= 2 ? value : "");
  const found = (state.data?.skills.edges ?? []).find((e) => e.node.name.toLowerCase() === value.trim().toLowerCase());
  useEffect(() => onChange({ name: value, id: found?.node.id ?? null }), [found?.node.id]);
  return html`<div class="field"><label for=${id}>${label}</label>
    <input id=${id} list=${`${id}-options`} value=${value} onInput=${(e) => onChange({ name: e.target.value, id: null })}
      required aria-invalid=${error?.field === field} aria-describedby=${`${id}-error`} />
    <datalist id=${`${id}-options`}>${(state.data?.skills.edges ?? []).map((e) => html`<option value=${e.node.name} />`)}</datalist>
    <${FieldError} error=${error} field=${field} id=${`${id}-error`} /></div>`;
}

function Merge() {
  const [from, setFrom] = useState({ name: "", id: null });
  const [into, setInto] = useState({ name: "", id: null });
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const [impact] = useLoad(
    () => (from.id ? run("maintain-catalogue", "SkillRetirementImpact", { skill: from.id }) : Promise.resolve(null)),
    [from.id],
  );
  const merge = async (event) => {
    event.preventDefault();
    setDone(null);
    if (!from.id) return setError({ field: "from", message: `no skill is named ${from.name}` });
    if (!into.id) return setError({ field: "into", message: `no skill is named ${into.name}` });
    const result = outcome((await run("maintain-catalogue", "MergeSkills", { input: { from: from.id, into: into.id } })).mergeSkills);
    setError(result.ok ? null : result.error);
    if (result.ok) setDone(result);
  };
  const preview = from.id ? impact.data?.skillRetirementImpact : null;
  return html`<form onSubmit=${merge} class="stack" aria-describedby="merge-help">
    <p id="merge-help">Fold a duplicate into the skill kept: its holders, task needs and names move over.</p>
    <${SkillPicker} id="merge-from" label="Duplicate (goes)" value=${from.name} onChange=${setFrom} error=${error} field="from" />
    <${SkillPicker} id="merge-into" label="Kept" value=${into.name} onChange=${setInto} error=${error} field="into" />
    ${preview && html`<div class="panel impact" role="status"><h3>What moves</h3>
      <p>${preview.skill.holderCount} holders and ${preview.openNeeds.length} open task needs move to the kept skill;
        plans to look at again: ${preview.plans.map((p) => p.name).join(", ") || "none"}.</p></div>`}
    <${FormError} error=${error} fields=${["from", "into"]} />
    <button type="submit">Merge</button>
    ${done && html`<p class="notice" role="status">Merged: ${done.movedProficiencies} proficiencies moved,
      ${done.mergedProficiencies} merged, ${done.movedRequirements + done.mergedRequirements} task needs; plans touched:
      ${done.affectedPlans.map((p) => p.name).join(", ") || "none"}.</p>`}
  </form>`;
}

function Import() {
  const [csv, setCsv] = useState("");
  const [shape, setShape] = useState("AUTO");
  const [checked, setChecked] = useState(null); // the dry run's result, for this text
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun) => {
    setBusy(true);
    try {
      const data = await run("maintain-catalogue", "ImportSkillsMatrix", { input: { csv, shape, dryRun } });
      const result = data.importSkillsMatrix;
      if (dryRun) setChecked({ csv, shape, result });
      else {
        setDone(result);
        if (result.__typename.endsWith("Success")) setChecked(null);
      }
    } finally {
      setBusy(false);
    }
  };
  const readFile = async (event) => {
    const file = event.target.files[0];
    if (file) setCsv(await file.text());
  };
  const current = checked && checked.csv === csv && checked.shape === shape ? checked.result : null;
  const clean = current?.__typename === "ImportSkillsMatrixSuccess";
  const error = current && !clean ? current : done && !done.__typename.endsWith("Success") ? done : null;
  return html`<form class="stack" onSubmit=${(e) => { e.preventDefault(); send(true); }}>
    <p>Check the file first: bad rows are listed and nothing is written; import once it is clean.</p>
    <label for="matrix-file">Spreadsheet (CSV, comma, semicolon or tab separated)</label>
    <input id="matrix-file" type="file" accept=".csv,.tsv,.txt,text/csv" onChange=${readFile} />
    <label for="matrix-csv">…or paste it</label>
    <textarea id="matrix-csv" name="csv" rows="8" value=${csv} onInput=${(e) => setCsv(e.target.value)}
      aria-invalid=${error?.field === "csv"} aria-describedby="matrix-csv-error"
      placeholder="person,skill,level"></textarea>
    <${FieldError} error=${error} field="csv" id="matrix-csv-error" />
    <label>Layout <select value=${shape} onChange=${(e) => setShape(e.target.value)}>
      ${["AUTO", "LONG", "WIDE"].map((s) => html`<option value=${s}>${words(s)}</option>`)}</select></label>
    <div class="buttons">
      <button type="submit" disabled=${busy || !csv.trim()}>Check</button>
      <button type="button" class="primary" disabled=${busy || !clean} onClick=${() => send(false)}>Import</button>
    </div>
    ${error?.rows?.length > 0 && html`<table class="compact bad-rows"><caption>${error.rows.length} bad rows: nothing was written</caption>
      <thead><tr><th scope="col" class="num">Line</th><th scope="col">Column</th><th scope="col">Reason</th></tr></thead>
      <tbody>${error.rows.map((r, i) => html`<tr key=${i}><td class="num">${r.line}</td><td>${r.field}</td><td>${r.reason}</td></tr>`)}</tbody></table>`}
    <${FormError} error=${error} fields=${["csv"]} />
    ${clean && html`<p class="notice" role="status">The file is clean: ${current.entries} entries for ${current.people} people;
      the import would create ${current.created}, update ${current.updated} and leave ${current.unchanged} unchanged.</p>`}
    ${done?.__typename === "ImportSkillsMatrixSuccess" && html`<p class="notice" role="status">Imported: ${done.created} created,
      ${done.updated} updated, ${done.unchanged} unchanged.</p>`}
  </form>`;
}

function People() {
  const [skill, setSkill] = useState("");
  const [minLevel, setMinLevel] = useState("");
  const [department, setDepartment] = useState("");
  const filter = { skill: skill || null, minLevel: skill && minLevel ? Number(minLevel) : null, department: department || null };
  const [state] = useLoad(() => run("browse-people", "PeopleWithSkills", { first: 100, filter }), [skill, minLevel, department]);
  return html`<form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
      <label>Skill <input type="search" value=${skill} onInput=${(e) => setSkill(e.target.value)} placeholder="name or alias" /></label>
      <label>Level at least <select value=${minLevel} onChange=${(e) => setMinLevel(e.target.value)}>
        <option value="">any</option>${[1, 2, 3, 4, 5].map((l) => html`<option value=${l}>${l}</option>`)}</select></label>
      <label>Department <input type="search" value=${department} onInput=${(e) => setDepartment(e.target.value)} /></label>
    </form>
    ${state.error ? html`<${Problem} error=${state.error} />` : !state.data ? html`<${Loading} what="people" />` : html`
      <p class="count" role="status">${state.data.people.edges.length < state.data.people.totalCount
        ? `the first ${state.data.people.edges.length} of ${state.data.people.totalCount} people: filter to narrow`
        : `${state.data.people.totalCount} people`}</p>
      <table class="cards"><thead><tr><th scope="col">Person</th><th scope="col">Skills</th>
        <th scope="col">Load, next four weeks</th></tr></thead>
      <tbody>${state.data.people.edges.map(({ node: p }) => {
        const share = p.load.availableHours ? Math.min(1, p.load.assignedHours / p.load.availableHours) : 1;
        return html`<tr key=${p.id}>
          <th scope="row" data-label="Person">${p.name}<div class="muted">${p.title}, ${p.department}</div></th>
          <td data-label="Skills">${p.proficiencies.slice(0, 6).map((x) => html`<span class="chip">${x.skill.name} ${x.level}</span> `)}
            ${p.proficiencies.length > 6 && html`<span class="muted">+${p.proficiencies.length - 6}</span>`}</td>
          <td data-label="Load"><span class="meter" role="meter" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=${Math.round(share * 100)} aria-label=${`${p.name}: ${fmt(p.load.assignedHours)} of ${fmt(p.load.availableHours)} hours assigned`}>
            <span style=${`width:${share * 100}%`} class=${share > 0.9 ? "full" : ""}></span></span>
            ${fmt(p.load.freeHours)} h free, ${p.load.openTasks} tasks</td>
        </tr>`;
      })}</tbody></table>`}`;
}

export function HrPage() {
  const section = new URLSearchParams(location.search).get("section") || "catalogue";
  const Body = { catalogue: Catalogue, tree: Tree, merge: Merge, import: Import, people: People }[section] ?? Catalogue;
  return html`<h1>HR</h1>
    <nav class="subnav" aria-label="HR sections">${SECTIONS.map(([key, label]) => html`<a
      href=${`/app/hr?section=${key}`} aria-current=${key === section ? "page" : null}>${label}</a>`)}</nav>
    <section aria-label=${SECTIONS.find(([k]) => k === section)?.[1]}><${Body} /></section>`;
}
