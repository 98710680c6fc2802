"""The site's ``evidence_*`` settings as its ``conf.py`` gives them, without a build.

``evidence new`` and ``evidence import-docx`` write into the site's folder of
summaries (``evidence_hubs_dir``) and list its vocabularies in the new
summary's comments, and the guide's tables list them, so they read ``conf.py``
as Sphinx does (:func:`sphinx.config.eval_config_file`) rather than assume the
defaults, and check each setting as the build does
(:func:`~.config.normalise_setting`). A value the build would refuse is left at
its default here too (the build says what is wrong with it).
"""

from __future__ import annotations

import dataclasses as dc
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from ..source.config import EvidenceConfig, normalise_setting


class SettingsError(Exception):
    """``conf.py`` cannot be read; the message says why."""


def read_settings(project: Path) -> EvidenceConfig:
    """The settings of the site at ``project`` (defaults where ``conf.py`` has none).

    :raises SettingsError: if ``conf.py`` cannot be run.
    """
    try:
        namespace = eval_config_file(project / "conf.py", Tags())
    except ConfigError as error:
        last = str(error).strip().splitlines()[-1:] or ["it failed"]
        raise SettingsError(
            f"{project / 'conf.py'} could not be read ({last[0].strip()}): correct "
            "it first (a build shows the same problem)."
        ) from None
    values: dict[str, Any] = {}
    for field in dc.fields(EvidenceConfig):
        name = f"evidence_{field.name}"
        if name not in namespace:
            continue
        try:
            values[field.name] = normalise_setting(field, namespace[name])
        except ValueError:
            continue  # the build says what is wrong with it, and uses the default
    return EvidenceConfig(**values)
