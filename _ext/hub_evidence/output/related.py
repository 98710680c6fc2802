"""Related findings under each theme of a summary page, kept right incrementally.

After reading (``env-updated``), the related findings of every theme are made
from the records (:func:`~..domain.related.related_findings`) and compared with
what each summary's page showed when last written (kept in the domain): a
page whose lists changed is written again, though its source did not change;
a page whose lists did not change is not. So adding, editing or removing one
summary changes the related findings on other hubs' pages at the next build,
and a build with nothing changed writes nothing. The lists are made once, in
the main process, before pages are written: ``-j 2`` writes the same pages.

When a page is written (``doctree-resolved``), each theme's placeholder
becomes a closed ``<details>`` list under its finding ("Related findings from
other hubs"), left out of the print (the print is the template). The search is
made from the records, so a page is found for its own words only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..domain.related import related_findings
from ..domain.store import documents_changed, get_domain
from ..source.config import get_config
from ..source.facets import FACETS
from ..source.nodes import related_placeholder
from .builders import is_site_build
from .theme import HIDDEN

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from ..domain.related import RelatedFinding


class related_list(nodes.container):  # noqa: N801  (docutils names nodes in lower case)
    """A theme's related findings; HTML makes it a ``<details>`` (title first)."""


def visit_related_list(self: HTML5Translator, node: related_list) -> None:
    self.body.append(
        self.starttag(node, "details", "")
        + '<summary class="evidence-related-summary">'
        + self.encode(node["summary"])
        + f'<span class="{HIDDEN}"> to the theme “{self.encode(node["theme"])}”</span>'
        + "</summary>\n"
    )


def depart_related_list(self: HTML5Translator, node: related_list) -> None:
    self.body.append("</details>\n")


def stale_related_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The summaries whose related findings changed since last written
    (``env-updated``); the lists are kept in the domain for the writers."""
    domain = get_domain(env)
    known = domain.related
    if known is not None and not documents_changed(env):
        return []  # the same records give the same lists
    related = related_findings(domain.summaries.values(), domain.theme_words)
    domain.related = related
    if known is None:
        return []  # the first build writes every page
    return sorted(
        docname
        for docname in set(related) | set(known)
        if docname in domain.summaries
        and _shown(related.get(docname)) != _shown(known.get(docname))
    )


def _shown(
    lists: dict[str, tuple[RelatedFinding, ...]] | None,
) -> dict[str, list[RelatedFinding]]:
    """What a page shows of its lists: not the scores, which move a little with
    every theme added or removed anywhere (the order shows what they decide)."""
    return {
        anchor: [finding._replace(score=0.0) for finding in found]
        for anchor, found in (lists or {}).items()
    }


def fill_related(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put each theme's related findings in place (``doctree-resolved``)."""
    placeholders = list(doctree.findall(related_placeholder))
    if not placeholders:
        return
    domain = get_domain(app.env)
    shown = (domain.related or {}).get(docname, {})
    record = domain.summaries.get(docname)
    titles = {t.anchor: t.title for t in record.themes} if record else {}
    for placeholder in placeholders:
        anchor = placeholder["anchor"]
        related = shown.get(anchor, ())
        if related and is_site_build(app.builder):
            title = titles.get(anchor, "")
            placeholder.replace_self(_related_list(app, docname, title, related))
        else:
            placeholder.parent.remove(placeholder)


def _related_list(
    app: Sphinx, docname: str, theme: str, related: tuple[RelatedFinding, ...]
) -> related_list:
    """The list under a theme: each finding linked, with its hub, year and why."""
    items = nodes.bullet_list(classes=["evidence-related-list"])
    config = get_config(app.env)
    for finding in related:
        uri = app.builder.get_relative_uri(docname, finding.docname)
        link = nodes.reference(
            finding.title, finding.title, refuri=f"{uri}#{finding.anchor}"
        )
        where = nodes.paragraph(
            "", "", link, nodes.Text(f" ({finding.hub}, {finding.year})")
        )
        why = (
            [
                "Shared topics: "
                + ", ".join(FACETS["tags"].label(t, config) for t in finding.topics)
            ]
            if finding.topics
            else []
        )
        if finding.words:
            why.append("similar words: " + ", ".join(finding.words))
        reason = "; ".join(why)
        because = nodes.paragraph(
            "", reason[:1].upper() + reason[1:], classes=["evidence-related-why"]
        )
        items += nodes.list_item("", where, because)
    count = len(related)
    plural = "finding" if count == 1 else "findings"
    node = related_list("", items, classes=["evidence-related"])
    node["summary"] = f"Related {plural} from other hubs ({count})"
    node["theme"] = theme
    return node


def setup_related(app: Sphinx) -> None:
    """Make the related findings after reading, and put them on the pages."""
    app.add_node(related_list, html=(visit_related_list, depart_related_list))
    # After the views' check (600): independent of it, in a fixed order.
    app.connect("env-updated", stale_related_pages, priority=610)
    app.connect("doctree-resolved", fill_related)
