"""The priced dense matching against scipy's assignment on matrices built to need pricing."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from solver.matching import min_cost_matching


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 30),
    seed=st.integers(0, 2**31 - 1),
    cheapest=st.integers(1, 3),
    spread=st.sampled_from([1, 5, 1000, 10**9]),
)
def test_priced_matching_is_optimal(n: int, seed: int, cheapest: int, spread: int) -> None:
    rng = np.random.default_rng(seed)
    cost = rng.integers(-spread, spread + 1, size=(n, n)).astype(np.int64)
    mate = min_cost_matching(cost, cheapest=cheapest)
    assert sorted(mate.tolist()) == list(range(n)), "a perfect matching"
    rows, cols = linear_sum_assignment(cost)
    assert cost[np.arange(n), mate].sum() == cost[rows, cols].sum()


def test_an_optimum_far_from_every_cheap_arc_is_found_by_pricing() -> None:
    # Each row's cheapest arcs all point at column 0; the optimum must use the others.
    n = 40
    cost = np.full((n, n), 100, dtype=np.int64)
    cost[:, 0] = 0
    cost[np.arange(n), (np.arange(n) + 7) % n] = 50
    mate = min_cost_matching(cost, cheapest=1)
    rows, cols = linear_sum_assignment(cost)
    assert cost[np.arange(n), mate].sum() == cost[rows, cols].sum()


def test_negative_costs_on_a_sparse_arc_set_are_matched() -> None:
    # OR-Tools reported these kept arcs (each row's cheapest plus the diagonal) infeasible
    # while costs were negative; the optimum is row 0 -> 0 and row 1 -> 1, or the other way.
    cost = np.array([[1, -1], [1, -1]], dtype=np.int64)
    mate = min_cost_matching(cost, cheapest=1)
    assert sorted(mate.tolist()) == [0, 1]
    assert cost[np.arange(2), mate].sum() == 0
