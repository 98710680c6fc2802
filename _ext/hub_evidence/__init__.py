"""Sphinx extension for the Maths Hubs Evaluator in Residence evidence base."""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING

__version__ = version("maths-hubs-evidence")  # from pyproject.toml

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Set up the extension (see :mod:`.extension`)."""
    # Imported here, not above: the ``evidence`` commands that only write
    # files (``new``, ``import-docx``) import this package without Sphinx's
    # extension machinery.
    from .extension import setup_extension  # noqa: PLC0415

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": 2,  # summaries marked for our own toctree check
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
