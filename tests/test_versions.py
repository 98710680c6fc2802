"""The versions the project claims are the versions it is tested with.

``pyproject.toml`` claims a range for each dependency; ``nox -s tests`` gets
the newest of each, ``nox -s tests-oldest`` the lowest, pinned in
``constraints/oldest.txt``, and CI runs both (``.ci/run``).
"""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import OLDEST_VERSIONS, REPOSITORY

CONSTRAINTS = REPOSITORY / "constraints/oldest.txt"


def lower_bounds() -> dict[str, Version]:
    """The lowest version ``pyproject.toml`` claims for each dependency."""
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]
    bounds = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        [lowest] = [s.version for s in requirement.specifier if s.operator == ">="]
        bounds[canonicalize_name(requirement.name)] = Version(lowest)
    assert bounds
    return bounds


def pinned() -> dict[str, Version]:
    """The versions ``constraints/oldest.txt`` pins."""
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_the_oldest_versions_are_the_lowest_claimed() -> None:
    assert pinned() == lower_bounds()


def test_ci_runs_the_tests_at_the_oldest_versions_after_the_newest() -> None:
    script = (REPOSITORY / ".ci/run").read_text()
    newest = script.index('bash -euo pipefail -c "${commands[1]}"')
    assert re.search(r"^\.venv/bin/nox -s tests-oldest\b", script[newest:], re.M)


def test_the_guide_names_the_tests_run_at_the_oldest_versions() -> None:
    guide = (REPOSITORY / "docs/deploying.md").read_text()
    section = guide.split("## Versions of Sphinx and its extensions", 1)[1]
    section = section.split("\n## ", 1)[0]
    named = set(re.findall(r"`(test_\w+)\.py`", section))
    assert named == set(OLDEST_VERSIONS)
