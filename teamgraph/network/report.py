"""`teamgraph coverage ACCOUNT`: the breadth figures and single points of failure, as a
readable table or as JSON. Rendering only, from a computed `Coverage`, so the text can be tested
without a database (`teamgraph.network.store.coverage_report` finds the account and reads it).
"""

from __future__ import annotations

import json
from typing import Any

from teamgraph.network.coverage import Coverage

__all__ = ["as_dict", "render_report"]


def _label(coverage: Coverage, node: tuple[str, int]) -> str:
    return str(coverage.graph.nodes[node]["label"])


def as_dict(coverage: Coverage) -> dict[str, Any]:
    b, r = coverage.breadth, coverage.risk

    def label(node: tuple[str, int]) -> str:
        return _label(coverage, node)

    return {
        "account": coverage.name,
        "as_of": coverage.as_of.isoformat(),
        "breadth": {
            "index": b.index,
            "contacts": b.contacts,
            "covered": b.covered,
            "decision_makers": b.decision_makers,
            "decision_makers_covered": b.decision_makers_covered,
            "departments": b.departments,
            "departments_reached": b.departments_reached,
            "people_engaged": b.people_engaged,
            "multi_threaded": b.multi_threaded,
            "threads_distribution": {str(k): v for k, v in b.threads_distribution.items()},
            "roles": {
                role.role: {"covered": role.covered, "total": role.total} for role in b.roles
            },
        },
        "bus_factor": {
            "size": r.bus_factor.size,
            "people": [label(p) for p in r.bus_factor.people],
            "decision_maker": label(r.bus_factor.decision_maker)
            if r.bus_factor.decision_maker
            else None,
        },
        "sole_threads": [
            {
                "contact": label(s.contact),
                "role": s.buying_role,
                "influence": s.influence,
                "person": label(s.person),
            }
            for s in r.sole_threads
        ],
        "key_people": [
            {
                "person": label(k.person),
                "contacts_lost": [label(c) for c in k.contacts_lost],
                "decision_makers_lost": k.decision_makers_lost,
                "influence_lost": k.influence_lost,
            }
            for k in r.key_people
        ],
        "articulation_points": [label(n) for n in r.articulation_points],
        "stale": [
            {
                "person": label(s.person),
                "contact": label(s.contact),
                "role": s.buying_role,
                "days": s.days_since,
            }
            for s in r.stale
        ],
    }


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)]


def render_report(coverage: Coverage, *, stale_after_days: int, as_json: bool = False) -> str:
    """The report as text (tables) or as JSON; `stale_after_days` is the threshold the risk
    figures were computed with, named in the stale section's heading."""
    data = as_dict(coverage)
    if as_json:
        return json.dumps(data, indent=2, sort_keys=False)
    b = data["breadth"]
    lines = [f"{data['account']} — coverage on {data['as_of']}", ""]
    lines += _table(
        [
            ("breadth index", f"{b['index']:.1f} / 100"),
            ("contacts covered", f"{b['covered']} of {b['contacts']}"),
            (
                "decision makers covered",
                f"{b['decision_makers_covered']} of {b['decision_makers']}",
            ),
            ("departments reached", f"{b['departments_reached']} of {b['departments']}"),
            ("multi-threaded contacts", f"{b['multi_threaded']} of {b['contacts']}"),
            ("our people engaged", str(b["people_engaged"])),
            (
                "bus factor",
                f"{data['bus_factor']['size']} ({', '.join(data['bus_factor']['people']) or '-'})",
            ),
        ],
        ("figure", "value"),
    )
    if data["sole_threads"]:
        lines += ["", "Single points of failure (contacts with one thread):"]
        lines += _table(
            [
                (s["contact"], s["role"], str(s["influence"]), s["person"])
                for s in data["sole_threads"]
            ],
            ("contact", "role", "influence", "only thread"),
        )
    if data["key_people"]:
        lines += ["", "Key people (what leaving would cost):"]
        lines += _table(
            [
                (
                    k["person"],
                    str(len(k["contacts_lost"])),
                    str(k["decision_makers_lost"]),
                    str(k["influence_lost"]),
                )
                for k in data["key_people"]
            ],
            ("person", "contacts lost", "decision makers", "influence"),
        )
    if data["stale"]:
        lines += [
            "",
            "Stale relationships with sponsors and decision makers "
            f"({stale_after_days} days or more):",
        ]
        lines += _table(
            [
                (
                    s["person"],
                    s["contact"],
                    s["role"],
                    "never" if s["days"] is None else str(s["days"]),
                )
                for s in data["stale"]
            ],
            ("person", "contact", "role", "days"),
        )
    return "\n".join(lines) + "\n"
