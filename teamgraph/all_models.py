"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from teamgraph.accounts import models as accounts_models
from teamgraph.auth import models as auth_models
from teamgraph.catalogue import models as catalogue_models
from teamgraph.jobs import models as jobs_models
from teamgraph.orm import Base
from teamgraph.people import models as people_models
from teamgraph.plans import models as plans_models

metadata = Base.metadata

__all__ = [
    "accounts_models",
    "auth_models",
    "catalogue_models",
    "jobs_models",
    "metadata",
    "people_models",
    "plans_models",
]
