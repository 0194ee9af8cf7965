"""Who made a change or a proposal, as each caller may see it: a person (a `Person` field, shown
by name) or, as text, the stored label with the email only for those who may see it.

The history and proposals keep the label they were written with (the actor's email, `cli`,
`system` or `token N (role)`); an email is personal data (teamgraph.auth.policy), so a caller who
may not see it gets the person's name instead.
"""

from __future__ import annotations

from typing import Any

from teamgraph.api.core.context import Info
from teamgraph.api.core.nodes import load_node
from teamgraph.auth.policy import is_hr, sees_personal_data

# What a caller who may not see emails reads for an actor whose person is gone.
HIDDEN = "(email hidden)"

ACTOR_TEXT = (
    "Who, as text: the person's email for hr_admin and that person, their name for anyone "
    "else (emails are personal data); `cli`, `system` or `token N (role)` when no person did. "
    "Prefer the person field."
)


async def actor_person(info: Info, person_pk: int | None) -> Any | None:
    """The `Person` who acted, or None (the CLI, a token without a person)."""
    return await load_node(info, "Person", person_pk)


async def actor_text(info: Info, label: str, person_pk: int | None) -> str:
    """The stored label as `info`'s caller may read it."""
    principal = info.context.principal
    if person_pk is not None:
        if sees_personal_data(principal, person_pk):
            return label
        person = await load_node(info, "Person", person_pk)
        if person is not None:
            return str(person.name)
    if "@" in label and not is_hr(principal):
        return HIDDEN
    return label
