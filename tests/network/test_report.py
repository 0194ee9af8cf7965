"""The CLI coverage report rendered from a graph built in memory (no database)."""

from __future__ import annotations

import json

from teamgraph.network.coverage import analyse
from teamgraph.network.report import render_report
from tests.network.builders import AS_OF, graph
from tests.network.test_account_metrics import CONTACTS, PEOPLE, RELATIONSHIPS


def test_report_as_json_and_as_text() -> None:
    coverage = analyse(
        graph(CONTACTS, RELATIONSHIPS, people=PEOPLE),
        as_of=AS_OF,
        stale_after_days=120,
        draw=False,
    )
    data = json.loads(render_report(coverage, stale_after_days=120, as_json=True))
    assert (data["account"], data["as_of"]) == ("Acme", AS_OF.isoformat())
    assert (data["breadth"]["covered"], data["breadth"]["contacts"]) == (5, 6)
    assert data["bus_factor"] == {"size": 1, "people": ["Kam"], "decision_maker": "Ceo"}
    assert [s["contact"] for s in data["sole_threads"]] == ["Ceo", "Cfo", "Controller", "Architect"]
    text = render_report(coverage, stale_after_days=120)
    assert "contacts covered         5 of 6" in text
    assert "(120 days or more)" in text
