"""The rules every service applies to what a caller sends: text cleaned and bounded, a choice
among an enum's values, a 1..5 score, a date that has happened, and `KEEP` for "leave this
field as it is".

They live apart from any one domain because every domain's service checks its input the same
way, and a DomainError naming the input field is what the API turns into a typed error.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from teamgraph.errors import DomainError

__all__ = [
    "KEEP",
    "Keep",
    "check_choice",
    "check_not_future",
    "check_score",
    "clean_text",
    "kept",
]


class Keep:
    """The default of an update's keyword arguments: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = Keep()


def kept(value: object) -> bool:
    return isinstance(value, Keep)


def clean_text(
    value: str | None,
    *,
    field: str,
    max_length: int = 200,
    blank: bool = False,
    multiline: bool = False,
) -> str:
    """`value` stripped (and, unless `multiline`, with runs of white space folded to one)."""
    text = (value or "").strip() if multiline else " ".join((value or "").split())
    if not text and not blank:
        raise DomainError("must not be blank", field=field)
    if len(text) > max_length:
        raise DomainError(f"must be at most {max_length} characters", field=field)
    return text


def check_score(value: object, *, field: str, low: int = 1, high: int = 5) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DomainError(f"must be a whole number from {low} to {high}", field=field)
    return value


def check_choice(value: str, choices: type[StrEnum], *, field: str) -> str:
    """`value` if it is one of the enum's values, as a plain str (what the column stores)."""
    try:
        return choices(value).value
    except ValueError:
        raise DomainError(f"must be one of {', '.join(choices)}", field=field) from None


def check_not_future(day: dt.date, *, field: str, today: dt.date | None = None) -> dt.date:
    """`day`, refused when it is after today: what has happened (an interaction, a last
    contact) cannot be dated ahead, or it would look fresh for months to come."""
    today = today or dt.date.today()
    if day > today:
        raise DomainError(f"{day.isoformat()} is in the future (today is {today})", field=field)
    return day
