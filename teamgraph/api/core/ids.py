"""Global ids: the opaque `Type:pk` strings the API gives out, and their decoding for inputs.

A bad id is NOT_FOUND on the input field that held it (`field`, or `field[i]` in a list), so a
client learns which argument to fix; an id of the wrong type is refused the same way.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import strawberry

from teamgraph.errors import NotFoundError

# Keys are the database's 64-bit integers: a larger number names no row, and must not reach a
# query (the drivers refuse to bind it). A longer id is no id we gave out.
MAX_KEY = 2**63 - 1
MAX_ID_LENGTH = 120


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


def from_global_id(
    global_id: str, *, field: str = "id", expect: str | None = None
) -> tuple[str, int]:
    """(type name, primary key) of a global id; NOT_FOUND when it is not one of ours."""
    shown = repr(global_id) if len(global_id) <= MAX_ID_LENGTH else "this text"
    try:
        if len(global_id) > MAX_ID_LENGTH:
            raise ValueError(global_id)
        type_name, _, pk = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
        # Plain ASCII digits only: int() would also take "+7", " 7", "7_0" and other scripts'.
        if not (pk.isascii() and pk.isdigit()) or not 1 <= int(pk) <= MAX_KEY:
            raise ValueError(pk)
        key = int(pk)
    except (binascii.Error, UnicodeError, ValueError):
        raise NotFoundError(f"{shown} is not an id this API gave out", field=field) from None
    if expect is not None and type_name != expect:
        raise NotFoundError(f"{shown} is not the id of a {expect}", field=field)
    return type_name, key


def decode_id(global_id: str, expect: str, *, field: str) -> int:
    """The primary key behind a global id of type `expect`, for mutation inputs."""
    return from_global_id(global_id, field=field, expect=expect)[1]


def decode_ids(values: Any, expect: str, *, field: str) -> Any:
    """A list of global ids decoded (`field[i]` names a bad one); UNSET and null pass through."""
    if values is strawberry.UNSET or values is None:
        return values
    return [decode_id(v, expect, field=f"{field}[{i}]") for i, v in enumerate(values)]


def decode_optional_id(value: Any, expect: str, *, field: str) -> Any:
    """An optional global id decoded; UNSET and null pass through."""
    if value is strawberry.UNSET or value is None:
        return value
    return decode_id(value, expect, field=field)
