"""Through HTTP, on both databases: a relationship with a decision maker untouched exactly
TEAMGRAPH_STALE_AFTER_DAYS (120 by default) is stale; a day less is not."""

from __future__ import annotations

import datetime as dt

from teamgraph.db import unit_of_work
from tests import factories
from tests.api.graphql import Api, gid

AS_OF = dt.date(2026, 6, 30)
STALE = """query($id: ID!, $asOf: Date) { account(id: $id) { coverage(asOf: $asOf) {
  stale { daysSince buyingRole person { name } contact { name } } } } }"""


def test_stale_from_the_configured_day_on(api: Api) -> None:
    with unit_of_work(api.sessions) as s:
        account = factories.account(s, name="Stale Co")
        ceo = factories.contact(s, account.id, name="Ceo", buying_role="decision_maker")
        for days in (119, 120, 121):
            person = factories.person(s, name=f"Met {days} days ago")
            factories.relationship(
                s,
                person.id,
                ceo.id,
                strength=0.9,
                last_interaction=AS_OF - dt.timedelta(days=days),
            )
        account_id = gid("Account", account.id)
    found = api.data(STALE, {"id": account_id, "asOf": AS_OF.isoformat()})
    stale = found["account"]["coverage"]["stale"]
    assert [(s["person"]["name"], s["daysSince"]) for s in stale] == [
        ("Met 121 days ago", 121),
        ("Met 120 days ago", 120),
    ]
    assert {s["buyingRole"] for s in stale} == {"DECISION_MAKER"}
