"""The rules every service applies to what a caller sends: text cleaned and bounded, a choice
among an enum's values, a 1..5 score, a date that has happened, and `KEEP` for "leave this
field as it is".

They live apart from any one domain because every domain's service checks its input the same
way, and a DomainError naming the input field is what the API turns into a typed error.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from enum import StrEnum
from typing import Any

from teamgraph.errors import DomainError

__all__ = [
    "KEEP",
    "Keep",
    "check_characters",
    "check_choice",
    "check_not_future",
    "check_number",
    "check_score",
    "clean_filter",
    "clean_text",
    "kept",
]

# Control characters (NUL among them: PostgreSQL stores no NUL, SQLite's length() stops at it)
# and lone UTF-16 surrogates (no UTF-8 for them) are no text anyone types. Tab, line feed and
# carriage return are white space, which the cleaning folds or keeps.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
MAX_FILTER_LENGTH = 200


class Keep:
    """The default of an update's keyword arguments: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = Keep()


def kept(value: object) -> bool:
    return isinstance(value, Keep)


def check_characters(text: str, *, field: str) -> str:
    """`text`, refused (naming `field`) when it holds a control character or a lone surrogate."""
    if text.isprintable():  # the common case, in C: no control, surrogate or separator
        return text
    for position, char in enumerate(text):
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            raise DomainError(
                f"must not contain the control character U+{ord(char):04X} "
                f"(at position {position + 1})",
                field=field,
            )
    return text


def clean_filter(value: str, *, field: str, max_length: int = MAX_FILTER_LENGTH) -> str:
    """A text to look for (a search, a department): stripped, bounded, no control characters."""
    if len(value) > max_length:
        raise DomainError(f"must be at most {max_length} characters", field=field)
    return check_characters(value, field=field).strip()


def check_number(value: object, *, field: str, low: float, high: float, unit: str = "") -> float:
    """A finite number from `low` to `high`: absurd figures (1e20 hours) are refused here, not
    discovered later by the solver or the database."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DomainError("must be a number", field=field)
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        raise DomainError(f"must be from {low:g} to {high:g}{suffix}", field=field)
    return value


def clean_text(
    value: str | None,
    *,
    field: str,
    max_length: int = 200,
    blank: bool = False,
    multiline: bool = False,
) -> str:
    """`value` stripped (and, unless `multiline`, with runs of white space folded to one); no
    control characters (line breaks are kept when `multiline`)."""
    raw = value or ""
    if len(raw) > 4 * max_length + 1000:  # refused before any work on a huge text
        raise DomainError(f"must be at most {max_length} characters", field=field)
    check_characters(raw, field=field)
    text = raw.strip() if multiline else " ".join(raw.split())
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
