"""Keeping cross-hub views right: fill them in when written, rewrite when stale.

Every page holding a view is rewritten exactly when the data its views show
has changed (compared by fingerprint with the previous build), without
re-reading any unchanged source; an unchanged site reads and writes nothing.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ...domain.store import Fingerprint, get_domain
from ...source.config import get_config
from ...source.directives.sections import unique_id
from ...source.nodes import aggregate
from ..changes import latest_changes
from ..history import history
from . import VIEWS
from .base import Links

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ...source.model import SummaryRecord
    from ...source.viewspec import ViewSpec


def fill_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill each view placeholder in from the records (``doctree-resolved``)."""
    if next(doctree.findall(aggregate), None) is None:
        return
    records = list(get_domain(app.env).summaries.values())
    fill_placeholders(app.builder, doctree, docname, records)


def fill_placeholders(
    builder: Builder,
    doctree: nodes.document,
    docname: str,
    records: list[SummaryRecord],
) -> None:
    """Replace each view placeholder on a page with what the view shows."""
    config = get_config(builder.env)
    links = Links(builder, docname)
    for node in list(doctree.findall(aggregate)):
        view = VIEWS[node["spec"].view]
        shown = view_data(builder.env, node["spec"], records)
        content = view.render(shown, links, config)
        for table in (t for item in content for t in item.findall(nodes.table)):
            _anchor_captioned(doctree, table)
        for row in (r for item in content for r in item.findall(nodes.row)):
            _anchor_row(doctree, row)
        node.replace_self(content)


def view_data(
    env: BuildEnvironment, spec: ViewSpec, records: list[SummaryRecord]
) -> Any:
    """What a view shows: made from the records, or from the latest changes
    (None outside a git repository) for a view that shows those."""
    view = VIEWS[spec.view]
    if not view.changes:
        return view.data(spec, records, get_config(env))
    known = history(env).newest is not None
    return view.data(spec, latest_changes(env) if known else None, get_config(env))


def _anchor_captioned(doctree: nodes.document, table: nodes.table) -> None:
    """Give a captioned table a stable anchor (its caption's permalink needs one)."""
    if not table["ids"] and isinstance(table[0], nodes.title):
        wanted = table.get("evidence_anchor") or table[0].astext()
        _anchor(doctree, table, nodes.make_id(wanted) or "table")


def _anchor_row(doctree: nodes.document, row: nodes.row) -> None:
    """Give a row its value's anchor, if it asks for one and the name makes one."""
    wanted = nodes.make_id(row.get("evidence_anchor") or "")
    if wanted and not row["ids"]:
        _anchor(doctree, row, wanted)


def _anchor(doctree: nodes.document, node: nodes.Element, wanted: str) -> None:
    """Anchor ``node`` as ``wanted``, or as ``wanted-N`` if the page has it."""
    anchor = unique_id(doctree, wanted)
    node["ids"] = [anchor]
    doctree.ids[anchor] = node


def fingerprint(env: BuildEnvironment, docname: str) -> Fingerprint:
    """A digest of everything the views on ``docname`` show, and whose records."""
    domain = get_domain(env)
    specs = domain.views[docname]
    records = list(domain.summaries.values())
    shown = [view_data(env, spec, records) for spec in specs]
    depends = frozenset(
        r.docname for r in records if any(s.depends_on(r) for s in specs)
    )
    return Fingerprint(hashlib.sha256(repr(shown).encode()).hexdigest(), depends)


def stale_view_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose views show something different from last time (``env-updated``).

    Only pages that showed a summary read again (or removed) this build, or
    whose selection a summary read again now matches, are looked at again:
    checking every page against every summary on each build would grow with
    the square of the site. A page showing the latest changes is looked at on
    every build: a commit changes them without changing any record.
    """
    domain = get_domain(env)
    changed = set(domain.changed)
    domain.changed.clear()
    fresh = [domain.summaries[d] for d in sorted(changed) if d in domain.summaries]
    stale = []
    for docname, specs in sorted(domain.views.items()):
        known = domain.fingerprints.get(docname)
        if (
            known is not None
            and not known.depends & changed
            and not any(s.depends_on(r) for s in specs for r in fresh)
            and not any(VIEWS[s.view].changes for s in specs)
        ):
            continue  # nothing it shows can have changed
        new = fingerprint(env, docname)
        domain.fingerprints[docname] = new
        if known is None or known.digest != new.digest:
            stale.append(docname)
    for docname in set(domain.fingerprints) - set(domain.views):
        del domain.fingerprints[docname]
    return stale
