"""The relationship web's queries: `introductionPaths` and `talentMap`; `Account.coverage`
resolves through `account_coverage`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id, to_global_id
from teamgraph.api.core.nodes import load_node
from teamgraph.api.coverage.graph import NetworkNode, NetworkNodeKind, global_node_id
from teamgraph.api.coverage.types import AccountCoverage
from teamgraph.network import store as network_store
from teamgraph.network.paths import Hop
from teamgraph.staffing.talent import talent_map

if TYPE_CHECKING:
    from teamgraph.api.people.types import Person

PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]


def account_coverage(info: Info, account_pk: int, as_of: dt.date | None) -> AccountCoverage:
    ctx = info.context
    found = network_store.account_coverage(
        ctx.session, account_pk, settings=ctx.settings, as_of=as_of
    )
    return AccountCoverage.of(found)


# --- introduction paths and the talent map ----------------------------------------------------


strawberry.enum(
    Hop,
    name="IntroductionHop",
    description="How a path gets to a node: a colleague tie (a shared task 0.9, the same "
    "current plan's team 0.8, the same department 0.6), a relationship (its effective "
    "strength) or a step along the customer's reporting line (0.7).",
)


@strawberry.type(description="One hop of an introduction path, with the strength that gets there.")
class PathStep:
    node: NetworkNode
    strength: float | None = strawberry.field(
        description="The hop's strength (see IntroductionHop); null on the first step."
    )
    via: Hop | None = strawberry.field(
        default=None, description="How this step is reached; null on the first step."
    )


@strawberry.type(
    description="A way in: from a person, through colleagues or the customer's "
    "reporting lines, to the target contact."
)
class IntroductionPath:
    score: float = strawberry.field(
        description="The product of the hops' strengths (colleague ties, the relationship, "
        "reporting steps)."
    )
    known_by_own_team: bool = strawberry.field(
        description="The person asking, or a team mate of theirs (sharing a task or the team "
        "of a plan not closed), knows the contact directly: these paths come first."
    )
    steps: list[PathStep]


@strawberry.type(description="Supply of one skill against the open tasks' demand for it.")
class SkillSupply:
    skill_pk: strawberry.Private[int]
    name: str
    tasks: int = strawberry.field(description="Open tasks requiring it.")
    level_demanded: int
    headcount_demanded: int
    qualified: int = strawberry.field(description="Active people at or above the level demanded.")
    qualified_free_hours: float = strawberry.field(
        description="The qualified people's free hours over the demand's windows (the days of "
        "the open tasks requiring it; the next four weeks when none does), their work on those "
        "very tasks left out, so a staffed task is no false gap."
    )
    gap: bool = strawberry.field(description="Demanded, and nobody qualified has time.")
    people_by_level: list[int] = strawberry.field(
        description="Active holders at levels 1..5, in that order."
    )
    sole_holder_pk: strawberry.Private[int | None]

    @strawberry.field
    def skill_id(self) -> strawberry.ID:
        return to_global_id("Skill", self.skill_pk)

    @strawberry.field(description="The only qualified person, when there is exactly one.")
    async def sole_holder(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.sole_holder_pk)


@strawberry.type
class TalentMap:
    """`gaps` and `soleHolders` are the service's answers (staffing.talent owns both rules)."""

    skills: list[SkillSupply]
    gap_pks: strawberry.Private[frozenset[int]]
    sole_holder_skill_pks: strawberry.Private[frozenset[int]]

    @strawberry.field(description="Demanded skills nobody qualified has time for.")
    def gaps(self) -> list[SkillSupply]:
        return [s for s in self.skills if s.skill_pk in self.gap_pks]

    @strawberry.field(description="Demanded skills only one person holds at the level asked.")
    def sole_holders(self) -> list[SkillSupply]:
        return [s for s in self.skills if s.skill_pk in self.sole_holder_skill_pks]


@strawberry.type
class NetworkQuery:
    @strawberry.field(
        description="Ways from one of our people to a contact: first the direct knowers on "
        "their own team (themselves, or a team mate who knows the contact), then the other "
        "paths; each group by score, the product of the hops' strengths."
    )
    def introduction_paths(
        self,
        info: Info,
        contact: strawberry.ID,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        first: int = 3,
    ) -> list[IntroductionPath]:
        ctx = info.context
        found = network_store.introductions(
            ctx.session,
            contact_id=decode_id(contact, "Contact", field="contact"),
            person_id=decode_id(from_, "Person", field="from"),
            k=first,
            settings=ctx.settings,
        )
        return [
            IntroductionPath(
                score=round(path.score, 4),
                known_by_own_team=path.team_knower,
                steps=[
                    PathStep(
                        node=NetworkNode(
                            id=global_node_id(node),
                            kind=NetworkNodeKind(node[0]),
                            label=path_label,
                        ),
                        strength=None if i == 0 else round(path.strengths[i - 1], 4),
                        via=None if i == 0 else path.hops[i - 1],
                    )
                    for i, (node, path_label) in enumerate(
                        zip(path.nodes, path.labels, strict=True)
                    )
                ],
            )
            for path in found
        ]

    @strawberry.field(description="Per skill: supply by level and free hours against open demand.")
    def talent_map(self, info: Info, demanded_only: bool = False) -> TalentMap:
        found = talent_map(info.context.session, demanded_only=demanded_only)
        return TalentMap(
            skills=[
                SkillSupply(
                    skill_pk=s.skill_id,
                    name=s.name,
                    tasks=s.tasks,
                    level_demanded=s.level_demanded,
                    headcount_demanded=s.headcount_demanded,
                    qualified=s.qualified,
                    qualified_free_hours=round(s.qualified_free_hours, 2),
                    gap=s.gap,
                    people_by_level=[s.people_by_level.get(level, 0) for level in range(1, 6)],
                    sole_holder_pk=s.sole_holder,
                )
                for s in found.skills
            ],
            gap_pks=frozenset(s.skill_id for s in found.gaps),
            sole_holder_skill_pks=frozenset(s.skill_id for s in found.sole_holders),
        )
