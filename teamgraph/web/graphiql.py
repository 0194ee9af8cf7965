"""strawberry's GraphiQL page with its scripts and styles served from vendor/, not a CDN.

The page is strawberry's own (so it follows strawberry's upgrades); only the addresses of its
assets change, to /app/vendor/<package>@<version>/<file>. The integrity attributes are kept:
the local copies are the same bytes, and the browser checks it. A page that names an asset the
lock does not hold fails at start-up, so an upgrade of strawberry that moves to another version
of GraphiQL says which package to add to vendor.lock.json.
"""

from __future__ import annotations

import re
from functools import cache

from strawberry.http.ides import get_graphql_ide_html

from teamgraph.web.vendor import read_lock

VENDOR_URL = "/app/vendor/"
# src="https://<cdn host>/<package>@<version>/<file>" (a package may be scoped: @scope/name).
_CDN_ASSET = re.compile(r'(src|href)="https://[^/"]+/((?:@[^/"]+/)?[^/@"]+@[^/"]+/[^"]+)"')

# Fills GraphiQL's headers with the app's token when the page opens in the app's browser tab.
_TOKEN_HEADERS = (
    "(parameters.headers || (sessionStorage.getItem('teamgraph.token') ? JSON.stringify("
    "{Authorization: 'Bearer ' + sessionStorage.getItem('teamgraph.token')}) : undefined))"
)


def localise(page: str, available: set[str]) -> str:
    """`page` with every CDN asset pointing at /app/vendor/; each must be in `available`."""

    def local(match: re.Match[str]) -> str:
        asset = match.group(2)
        if asset not in available:
            raise RuntimeError(
                f"GraphiQL needs {asset}, which is not vendored: add it to "
                "teamgraph/web/vendor.lock.json and run `python -m teamgraph.web.vendor --pin`"
            )
        return f'{match.group(1)}="{VENDOR_URL}{asset}"'

    return _CDN_ASSET.sub(local, page)


@cache
def graphiql_page() -> str:
    available = {f"{p.spec}/{name}" for p in read_lock() for name in p.files}
    page = localise(get_graphql_ide_html(graphql_ide="graphiql"), available)
    return page.replace("React.useState(parameters.headers)", f"React.useState({_TOKEN_HEADERS})")
