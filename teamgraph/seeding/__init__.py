"""Loading the data in `seeds/`: the default skills catalogue and the demo organisation.

Every loader is idempotent: rows are matched on their natural keys (skill name, email, account
name, contact key...), so loading twice changes nothing.
"""

from teamgraph.seeding.catalogue import load_catalogue
from teamgraph.seeding.demo import load_demo
from teamgraph.seeding.files import seeds_dir

__all__ = ["load_catalogue", "load_demo", "seeds_dir"]
