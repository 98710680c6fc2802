"""What one build knows beyond its records: one object per Sphinx application.

A build's state has two parts. What later builds need (the records, the
views' fingerprints, the hubs the last re-identification check used) is kept
in the :class:`~.domain.store.EvidenceDomain`, which Sphinx saves with the
environment and merges from parallel readers. What only this run of Sphinx
needs (the validated settings, the history of the sources, the output
folder's bookkeeping, the hub sidebars, the search index, the Word
documents and the evaluation packs being made) is kept here, in one
:class:`BuildState`, and never saved.

The state is created when the extension is set up and reached with
:func:`build_state` from the application or its environment. It is kept in a
weak mapping keyed by the application's :class:`~sphinx.config.Config`, which
the environment shares (``env.config is app.config`` once the environment is
set up), so that no attribute is set on Sphinx's objects and the environment
needs no way back to the application (``env.app`` is deprecated). Parallel
readers and writers are forked from the main process and so see its state as
it was when they started; whatever they learn goes back through the domain.
"""

from __future__ import annotations

import dataclasses as dc
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .output.browse.pages import BrowsePage, Plan
    from .output.feeds import Feed
    from .output.history import History
    from .output.hubnav import HubPages
    from .output.packs import PackBatch
    from .output.record import OutputState
    from .output.search.pagefind import BackgroundIndex
    from .output.synthesis.pages import SynthesisPlan
    from .output.word_batch import WordBatch
    from .source.config import EvidenceConfig
    from .source.design import DesignParts


@dc.dataclass
class BuildState:
    """What this run of Sphinx knows that is not saved with the environment."""

    config: EvidenceConfig | None = None
    """The validated ``evidence_*`` settings (from ``config-inited`` on)."""
    documents_changed: bool = True
    """Whether this build reads or removes any document (``env-get-outdated``)."""
    earlier_build_unfinished: bool = False
    """Whether the last build of this site stopped before it finished
    (``builder-inited``, :mod:`.output.unfinished`)."""
    reading: tuple[str, ...] | None = None
    """The documents this build reads (``env-before-read-docs`` to ``env-updated``)."""
    history: History | None = None
    """What git says of the sources (``builder-inited``, :mod:`.output.history`)."""
    output: OutputState | None = None
    """What this build knows of its output folder (:mod:`.output`)."""
    hub_pages: dict[str, HubPages] = dc.field(default_factory=dict)
    """Each hub's sidebar, made when writing starts (:mod:`.output.hubnav`)."""
    browse_pages: dict[str, BrowsePage] | None = None
    """The browse pages of the records read (:mod:`.output.browse`)."""
    browse_plan: Plan | None = None
    """Which browse pages this build writes (from ``write-started``)."""
    synthesis_plan: SynthesisPlan | None = None
    """Which synthesis pages this build writes (from ``write-started``)."""
    feeds: dict[str, Feed] | None = None
    """This build's Atom feeds, by file (``write-started``, :mod:`.output.feeds`)."""
    design_parts: DesignParts | None = None
    """sphinx-design's grid, card and badge, as the site's own nodes are made
    (:mod:`.source.design`, when first needed)."""
    search_index: list[tuple[str, BackgroundIndex, str]] = dc.field(
        default_factory=list
    )
    """The search indexes being made while pages are written: each one's folder,
    and its records' digest (``write-started`` to ``build-finished``)."""
    word_documents: WordBatch | None = None
    """The Word documents being made while pages are written
    (``write-started`` to ``build-finished``, :mod:`.output.word`)."""
    packs: PackBatch | None = None
    """The evaluation packs' files this build writes, their documents perhaps
    being made while pages are written (:mod:`.output.packs`)."""


_STATES: WeakKeyDictionary[Config, BuildState] = WeakKeyDictionary()


def start_build_state(app: Sphinx) -> None:
    """Give the application its state (when the extension is set up)."""
    _STATES[app.config] = BuildState()


def build_state(owner: Sphinx | BuildEnvironment) -> BuildState:
    """The state of the build ``owner`` (the application, or its environment) runs."""
    return _STATES[owner.config]
