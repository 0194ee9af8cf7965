"""What a request's JSON must be before GraphQL sees it: UTF-8 text, one JSON object (a batch,
a JSON array, is refused by strawberry with its own code), nested at most `MAX_NESTING` deep,
with no lone UTF-16 surrogate in any string (JSON's `\\ud800` escape decodes to a character
no database and no UTF-8 response can hold).

Each refusal is a 400 with a message that says what to fix (BAD_REQUEST): never a crash inside
strawberry, graphql-core or the database driver.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException

__all__ = ["MAX_NESTING", "decode_body"]

# Operations, variables and input objects: this API's deepest input is a handful of levels.
MAX_NESTING = 32


def _refuse(reason: str) -> HTTPException:
    return HTTPException(400, reason)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def decode_body(data: str | bytes) -> object:
    """The JSON value of a request body (or of GET's `variables`), or a 400 saying why not."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _refuse(
                f"the body is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                f"{error.start})"
            ) from None
    try:
        value = json.loads(data, parse_constant=_no_constants)
    except RecursionError:
        raise _refuse(f"the JSON is nested more than {MAX_NESTING} levels deep") from None
    except ValueError as error:  # JSONDecodeError, NaN, an integer of thousands of digits
        raise _refuse(f"the body is not JSON: {error}") from None
    if not isinstance(value, dict | list):
        raise _refuse('the body must be a JSON object: {"query": "...", "variables": {...}}')
    _check_values(value)
    return value


def _check_values(root: object) -> None:
    """Walks the value without recursion: the nesting bound and the surrogates in one pass."""
    stack: list[tuple[object, str, int]] = [(root, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value, path)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_NESTING:
            raise _refuse(f"the JSON is nested more than {MAX_NESTING} levels deep")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            where = f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]"
            if isinstance(key, str):
                _check_text(key, where)
            stack.append((item, where, depth + 1))


def _check_text(text: str, path: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        char = text[error.start]
        raise _refuse(
            f"{path.lstrip('.') or 'the body'} holds a lone UTF-16 surrogate (U+{ord(char):04X} "
            f"at position {error.start + 1}), which is no character: send text as UTF-8"
        ) from None
