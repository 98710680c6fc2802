"""The navigation of a page made from the records: its parent's, given explicitly.

A browse page (or a synthesis page) is not a document, so it has no place in
any toctree: the theme would show it with no active navigation bar entry and
the sidebar of no page. Its breadcrumbs, previous and next, and its parent,
are given by :func:`.pages.page_context`;
here the theme's navigation functions (pydata-sphinx-theme's
``add_toctree_functions``) are made as for the page's parent, its facet's
index, so the navigation bar marks "Browse" and the sidebar shows the index's
place. Their links are written relative to the parent's address, so they are
rewritten relative to the page's own (with ``dirhtml`` the two are in
different folders), and the parent is no longer marked as the current page.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup
from pydata_sphinx_theme.toctree import add_toctree_functions
from sphinx.util.osutil import relative_uri

from .pages import PARENT

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx

EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|/)", re.IGNORECASE)


def rebase(href: str, parent_uri: str, page_uri: str) -> str:
    """A link written on the parent's page, as written on the page itself."""
    if EXTERNAL.match(href):
        return href
    path, _, anchor = href.partition("#")
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(parent_uri), path))
        if path.endswith("/") and not target.endswith("/"):
            target += "/"
        if target == ".":
            target = ""
    elif anchor:
        return href  # an anchor on the page itself
    else:
        target = parent_uri  # "#": the parent's own entry
    return (relative_uri(page_uri, target) or "./") + (f"#{anchor}" if anchor else "")


def _rebased(
    generate: Callable[..., Any], parent_uri: str, page_uri: str
) -> Callable[..., Any]:
    def generate_for_page(*args: Any, **kwargs: Any) -> Any:
        made = generate(*args, **kwargs)
        soup = BeautifulSoup(str(made), "html.parser")  # a copy: the theme caches
        for anchor in soup.find_all("a", href=True):
            anchor["href"] = rebase(str(anchor["href"]), parent_uri, page_uri)
            if anchor.get("aria-current") == "page":
                del anchor["aria-current"]
        return soup if isinstance(made, BeautifulSoup) else str(soup)

    return generate_for_page


def framed_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give a page made from the records (a browse or synthesis page, whose
    context :func:`.pages.page_context` made) its parent's navigation
    (``html-page-context``)."""
    parent = context.get(PARENT)
    if isinstance(parent, str):
        parent_navigation(app, pagename, templatename, context, doctree, parent=parent)


def parent_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
    *,
    parent: str,
) -> None:
    """Give a page that is not a document (a browse or synthesis page) the
    navigation of ``parent``, a document."""
    if "generate_toctree_html" not in context:
        return  # not the theme that has these functions
    builder = app.builder
    parent_context = dict(context)
    parent_context["toctree"] = lambda **kwargs: builder._get_local_toctree(  # type: ignore[attr-defined]
        parent, **kwargs
    )
    add_toctree_functions(app, parent, templatename, parent_context, doctree)
    parent_uri = builder.get_target_uri(parent)
    page_uri = builder.get_target_uri(pagename)
    for name in ("generate_header_nav_html", "suppress_sidebar_toctree"):
        context[name] = parent_context[name]
    context["generate_toctree_html"] = _rebased(
        parent_context["generate_toctree_html"], parent_uri, page_uri
    )


def setup_browse_navigation(app: Sphinx) -> None:
    """After the theme's own functions (500), before they are wrapped (900)."""
    app.connect("html-page-context", framed_navigation, priority=600)
