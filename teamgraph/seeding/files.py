"""Where the seed files are, and reading them with errors that name the file and the place."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import yaml

from teamgraph.errors import DomainError


def seeds_dir() -> Path:
    """`TEAMGRAPH_SEEDS_DIR`, or the repository's `seeds/` next to the package."""
    override = os.environ.get("TEAMGRAPH_SEEDS_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "seeds"


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise DomainError(f"seed file {path} is missing", field="seeds")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        ]


def read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise DomainError(f"seed file {path} is missing", field="seeds")
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise DomainError(f"{path.name}: must hold a mapping at the top level", field="seeds")
    return data
