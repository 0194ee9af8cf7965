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


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


def from_global_id(
    global_id: str, *, field: str = "id", expect: str | None = None
) -> tuple[str, int]:
    """(type name, primary key) of a global id; NOT_FOUND when it is not one of ours."""
    try:
        type_name, _, pk = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
        key = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise NotFoundError(f"{global_id!r} is not an id this API gave out", field=field) from None
    if expect is not None and type_name != expect:
        raise NotFoundError(f"{global_id!r} is not the id of a {expect}", field=field)
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
