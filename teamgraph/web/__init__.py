"""The web app and GraphiQL, served by teamgraph itself from files inside the package.

`routes()` serves the app at / and /app/... (static/, the app's ES modules; vendor/, the pinned
libraries that `python -m teamgraph.web.vendor` fetched and checked), and `graphiql_page()` is
strawberry's GraphiQL page pointing at the local copies of its scripts: nothing is loaded from
another host, so both work offline.
"""

from teamgraph.web.graphiql import graphiql_page
from teamgraph.web.routes import routes

__all__ = ["graphiql_page", "routes"]
