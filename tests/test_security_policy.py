"""No page holds code that the site's security policy would refuse to run.

The example server configuration (``deploy/evidence-headers.conf``) sends a
Content-Security-Policy whose ``script-src`` allows the site's own script files
only: not a script written into a page, an event-handler attribute
(``onclick=``) or a ``javascript:`` link. So no page of either build may have
one; ``tests/test_nginx.py`` shows the pages working under that policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# One page of each kind that each build must have, so that the check below
# cannot pass by missing a kind of page.
PAGE_KINDS = [
    "index.html",
    "hubs/index.html",
    "hubs/2023-24/northshire/index.html",
    "hubs/2023-24/northshire/survey.html",
    "browse/index.html",
    "browse/region/north-west.html",
    "findings.html",
    "dashboard.html",
    "search-evidence.html",
    "search.html",
    "genindex.html",
    "404.html",
    "docs/index.html",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def refused_code(page: Path) -> list[str]:
    """What in ``page`` the policy would refuse to run."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = [
        f"a script written into the page: {str(script)[:120]}"
        for script in soup.find_all("script")
        if not script.get("src")
    ]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"an event-handler attribute: <{tag.name} {name}=...>")
            elif name.lower() in URL_ATTRIBUTES and str(
                value
            ).strip().lower().startswith("javascript:"):
                found.append(f"a javascript: link: <{tag.name} {name}={value!r}>")
    return found


@pytest.mark.parametrize("build", ["built_site", "preview_site"])
def test_no_page_has_a_script_the_policy_refuses(
    build: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(build)
    pages = sorted(site.rglob("*.html"))
    names = {page.relative_to(site).as_posix() for page in pages}
    assert set(PAGE_KINDS) <= names
    if build == "preview_site":
        # The reviewers' banner is on the preview's pages, so it is checked too.
        assert "bd-header-announcement" in (site / "index.html").read_text()
    refused = {
        page.relative_to(site).as_posix(): found
        for page in pages
        if (found := refused_code(page))
    }
    assert refused == {}
