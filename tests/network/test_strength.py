"""Decay and thresholds at their edges."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamgraph.network.strength import effective_strength, effective_strengths
from tests.network.builders import contact, graph

TODAY = dt.date(2026, 11, 1)


def test_decay_halves_per_half_life() -> None:
    assert effective_strength(0.8, TODAY, as_of=TODAY, half_life_days=180) == 0.8
    assert effective_strength(
        0.8, TODAY - dt.timedelta(days=180), as_of=TODAY, half_life_days=180
    ) == pytest.approx(0.4)
    assert effective_strength(
        0.8, TODAY - dt.timedelta(days=360), as_of=TODAY, half_life_days=180
    ) == pytest.approx(0.2)


def test_future_interactions_do_not_boost_and_unknown_dates_count_one_half_life() -> None:
    assert (
        effective_strength(0.6, TODAY + dt.timedelta(days=30), as_of=TODAY, half_life_days=90)
        == 0.6
    )
    assert effective_strength(0.6, None, as_of=TODAY, half_life_days=90) == pytest.approx(0.3)


def test_bad_half_life_is_refused() -> None:
    with pytest.raises(ValueError, match="half_life_days"):
        effective_strength(0.5, TODAY, as_of=TODAY, half_life_days=0)


@given(
    st.floats(0, 1),
    st.one_of(st.none(), st.integers(-50, 2000)),
    st.floats(1, 1000),
)
def test_vectorised_decay_agrees_with_the_scalar_one(
    base: float, days: int | None, half_life: float
) -> None:
    last = None if days is None else TODAY - dt.timedelta(days=days)
    scalar = effective_strength(base, last, as_of=TODAY, half_life_days=half_life)
    vector = effective_strengths(
        np.array([base]),
        np.array([np.nan if days is None else float(days)]),
        half_life_days=half_life,
    )
    assert vector[0] == pytest.approx(scalar)
    assert 0 <= scalar <= base


def test_a_relationship_exactly_at_the_threshold_is_a_thread_just_below_is_not() -> None:
    # 0.4 decayed by exactly one half-life is 0.2, the default threshold.
    g = graph([contact(1), contact(2)], [(10, 1, 0.4, 180), (10, 2, 0.4, 181)])
    assert g.edges[("person", 10), ("contact", 1)]["thread"] is True
    assert g.edges[("person", 10), ("contact", 2)]["thread"] is False
