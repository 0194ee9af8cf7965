// The relationship web drawn by Cytoscape at the server's positions (`preset` layout): our
// people as squares, contacts as circles, coloured by the first risk flag they carry.
import cytoscape from "cytoscape";
import { useEffect, useRef } from "preact/hooks";
import { html } from "../ui.js";

// In the order a node's colour is chosen: the first flag it has wins.
export const FLAGS = [
  ["uncovered", "#c62828", "Uncovered: no thread to this contact"],
  ["sole_threaded", "#ef6c00", "Sole threaded: one of our people holds the only thread"],
  ["key_person", "#6a1b9a", "Key person: contacts go threadless if they leave"],
  ["stale", "#8d6e63", "Stale: a relationship untouched too long"],
  ["cut_point", "#00838f", "Cut point: the web splits without it"],
];
const NO_FLAG = "#2e7d32";
const SCALE = 420; // the server's positions are in -1..1

/** Nodes and edges as lists of objects, from either form the API sends. */
export function normalise(graph) {
  if (!graph.columns) return graph;
  const c = graph.columns;
  const nodes = c.ids.map((id, i) => ({
    id, kind: c.kinds[i], label: c.labels[i], buyingRole: c.buyingRoles[i],
    influence: c.influences[i], flags: c.flags[i], x: c.xs[i], y: c.ys[i],
  }));
  const edges = c.edgeSources.map((s, i) => ({
    source: c.ids[s], target: c.ids[c.edgeTargets[i]], kind: c.edgeKinds[i], strength: c.edgeStrengths[i],
  }));
  return { nodes, edges };
}

const colourOf = (flags) => (FLAGS.find(([flag]) => flags.includes(flag)) ?? [null, NO_FLAG])[1];

export function Legend() {
  return html`<ul class="legend" aria-label="Legend">
    <li><span class="swatch" style=${`background:${NO_FLAG}`}></span>No risk flag</li>
    ${FLAGS.map(([flag, colour, text]) => html`<li key=${flag}>
      <span class="swatch" style=${`background:${colour}`}></span>${text}</li>`)}
    <li><span class="swatch square"></span>Our people (squares); contacts are circles</li>
    <li><span class="swatch line dashed"></span>Reports to</li>
  </ul>`;
}

export function CoverageGraph({ graph, onPick, large, selected }) {
  const box = useRef(null);
  const drawing = useRef(null);
  useEffect(() => {
    const elements = [
      ...graph.nodes.map((n) => ({
        group: "nodes",
        data: { id: n.id, label: n.label, kind: n.kind, colour: colourOf(n.flags), cut: n.flags.includes("cut_point") ? 1 : 0 },
        position: { x: n.x * SCALE, y: n.y * SCALE },
      })),
      ...graph.edges.map((e, i) => ({
        group: "edges",
        data: { id: `e${i}`, source: e.source, target: e.target, kind: e.kind, width: 1 + 4 * e.strength },
      })),
    ];
    const cy = cytoscape({
      container: box.current,
      elements,
      layout: { name: "preset", fit: true, padding: 24 },
      minZoom: 0.1,
      maxZoom: 4,
      // Large webs stay smooth: cached textures while panning, edges hidden meanwhile.
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      pixelRatio: large ? 1 : "auto",
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", label: "data(label)", "font-size": 10,
          "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18,
          "min-zoomed-font-size": large ? 9 : 0, color: "#222",
        } },
        { selector: 'node[kind = "PERSON"]', style: { shape: "round-rectangle", width: 22, height: 22 } },
        { selector: "node[cut = 1]", style: { "border-width": 3, "border-color": "#00838f" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#1565c0" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "#90a4ae", "curve-style": "straight" } },
        { selector: 'edge[kind = "reports_to"]', style: { "line-style": "dashed", width: 1, "line-color": "#b0bec5" } },
      ],
    });
    cy.on("tap", "node", (event) => onPick?.(event.target.id()));
    drawing.current = cy;
    box.current.dataset.nodes = String(cy.nodes().length);
    box.current.dataset.edges = String(cy.edges().length);
    box.current.dataset.ready = "true";
    return () => {
      drawing.current = null;
      cy.destroy();
    };
  }, [graph]);
  useEffect(() => {
    const cy = drawing.current;
    if (!cy) return;
    cy.$(":selected").unselect();
    if (selected) cy.getElementById(selected).select();
  }, [selected, graph]);
  const people = graph.nodes.filter((n) => n.kind === "PERSON").length;
  return html`<div class="graph" ref=${box} data-testid="coverage-graph" role="img"
    aria-label=${`Relationship web: ${people} of our people, ${graph.nodes.length - people} contacts, ${graph.edges.length} links. The lists beside it hold the same facts.`}></div>`;
}
