"""Effective strength: a relationship fades when nobody touches it.

effective = base x 0.5 ** (days since the last interaction / half-life)

- a last interaction in the future (a planned meeting typed early) counts as today: no boost;
- a relationship with no recorded interaction counts as one half-life old: we know it exists,
  not how fresh it is, so it neither vanishes nor passes for a fresh one.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

__all__ = ["effective_strength", "effective_strengths"]


def effective_strength(
    base: float, last_interaction: dt.date | None, *, as_of: dt.date, half_life_days: float
) -> float:
    if half_life_days <= 0:
        raise ValueError("half_life_days: must be > 0")
    days = half_life_days if last_interaction is None else max(0, (as_of - last_interaction).days)
    return float(base) * 0.5 ** (days / half_life_days)


def effective_strengths(
    base: npt.NDArray[np.float64],
    days_since: npt.NDArray[np.float64],
    *,
    half_life_days: float,
) -> npt.NDArray[np.float64]:
    """Vectorised: `days_since` holds NaN where no interaction was recorded."""
    if half_life_days <= 0:
        raise ValueError("half_life_days: must be > 0")
    days = np.where(np.isnan(days_since), half_life_days, np.maximum(days_since, 0.0))
    return base * np.power(0.5, days / half_life_days)
