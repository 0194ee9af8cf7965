"""Generated people, with skills that follow their department."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from teamgraph.generate.bulk import insert_returning, insert_rows
from teamgraph.generate.run import Run
from teamgraph.generate.vocabulary import CITIES, DEPARTMENTS, FIRST, LAST
from teamgraph.people.models import Person, Proficiency

KAM_DEPARTMENT = "Key Account Management"
LEVEL_WEIGHTS = (0.1, 0.25, 0.35, 0.22, 0.08)  # few experts, as in real skill profiles


@dataclass(frozen=True)
class People:
    ids: list[int]
    kam_ids: list[int]
    others: np.ndarray  # everyone who is not a KAM
    proficiencies: int


def add_people(
    run: Run, count: int, *, kams_at_least: int, skills_by_category: dict[str, list[int]]
) -> People:
    names = list(DEPARTMENTS)
    shares = np.array([DEPARTMENTS[d][0] for d in names])
    departments = run.nrng.choice(len(names), size=count, p=shares / shares.sum())
    departments[:kams_at_least] = names.index(KAM_DEPARTMENT)
    rows = []
    for i in range(count):
        dept = names[departments[i]]
        _, titles, (lo, hi), _ = DEPARTMENTS[dept]
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST) + i * 7) % len(LAST)]
        rows.append(
            {
                "name": f"{first} {last}",
                # The running index keeps emails unique however many people share a name.
                "email": f"{first}.{last}.{i}@{run.domain}".lower(),
                "title": titles[i % len(titles)],
                "department": dept,
                "location": CITIES[run.rng.randrange(len(CITIES))],
                "capacity_hours": run.rng.randint(lo, hi),
                "active": True,
            }
        )
    ids = insert_returning(run.session, Person, rows)

    all_skills = [s for group in skills_by_category.values() for s in group]
    languages = skills_by_category.get("Languages", [])
    proficiencies = []
    for i, person_id in enumerate(ids):
        categories = DEPARTMENTS[names[departments[i]]][3]
        pool = sorted({s for c in categories for s in skills_by_category.get(c, [])}) or all_skills
        chosen = set(run.rng.sample(pool, min(len(pool), run.rng.randint(4, 8))))
        if languages:
            chosen.update(run.rng.sample(languages, min(len(languages), run.rng.randint(1, 3))))
        for skill_id in sorted(chosen):
            level = run.rng.choices(range(1, 6), weights=LEVEL_WEIGHTS)[0]
            proficiencies.append({"person_id": person_id, "skill_id": skill_id, "level": level})
    insert_rows(run.session, Proficiency, proficiencies)
    kam_ids = [pid for i, pid in enumerate(ids) if names[departments[i]] == KAM_DEPARTMENT]
    kams = set(kam_ids)
    others = np.array([pid for pid in ids if pid not in kams] or ids)
    return People(ids=ids, kam_ids=kam_ids, others=others, proficiencies=len(proficiencies))
