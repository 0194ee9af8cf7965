"""A relationship with a sponsor is stale from the configured day on: `stale_after_days` old
counts (README: "relationships untouched this long are reported as stale")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teamgraph.network.risk import stale_relationships
from tests.network.builders import AS_OF, contact, graph


def _stale_days(days: int | None, threshold: int) -> list[int | None]:
    web = graph([contact(1, "decision_maker", 5)], [(10, 1, 0.9, days)])
    return [s.days_since for s in stale_relationships(web, as_of=AS_OF, stale_after_days=threshold)]


def test_the_configured_day_itself_is_stale() -> None:
    assert _stale_days(119, 120) == []
    assert _stale_days(120, 120) == [120]
    assert _stale_days(121, 120) == [121]
    assert _stale_days(None, 120) == [None]


@given(days=st.integers(0, 2000), threshold=st.integers(1, 1000))
def test_stale_exactly_when_untouched_that_long_or_longer(days: int, threshold: int) -> None:
    assert bool(_stale_days(days, threshold)) == (days >= threshold)


def test_only_sponsors_and_decision_makers_are_watched() -> None:
    web = graph([contact(1, "user", 5)], [(10, 1, 0.9, 500)])
    assert stale_relationships(web, as_of=AS_OF, stale_after_days=120) == []
